// DELETE /dwipps/{id}: the author deletes a Dwipp; its upvotes and favorites go with it.
import { Budget, Dwipp } from "@dwipper/core";
import { actorOf, apiHandler, noContent, parsePath } from "../api-handler";
import { contract } from "../contract";

const route = contract["DELETE /dwipps/{id}"];

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const { id } = parsePath(event, route.path);
  await Budget.spend(actor, "write");
  await Dwipp.remove(actor, id);
  return noContent();
});

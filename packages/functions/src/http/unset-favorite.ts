// DELETE /dwipps/{id}/favorite: the caller lets a Dwipp go (idempotent).
import { Budget, Favorite } from "@dwipper/core";
import { actorOf, apiHandler, json, parsePath } from "../api-handler";
import { contract } from "../contract";

const route = contract["DELETE /dwipps/{id}/favorite"];

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const { id } = parsePath(event, route.path);
  await Budget.spend(actor, "write");
  return json(200, await Favorite.unset(actor, id));
});

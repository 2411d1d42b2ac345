// DELETE /dwipps/{id}: the author deletes a Dwipp; its upvotes and favorites go with it.
import * as Budget from "@dwipper/core/budget";
import * as Dwipp from "@dwipper/core/dwipp";
import { actorOf, apiHandler, noContent, parsePath } from "../api-handler";
import { deleteDwipp as route } from "../contract";

export const handler = apiHandler(route, async (event) => {
  const actor = actorOf(event);
  const { id } = parsePath(event, route.path);
  await Budget.spend(actor, "write");
  await Dwipp.remove(actor, id);
  return noContent();
});

// DELETE /dwipps/{id}/upvote: the caller takes their upvote back (idempotent).
import * as Budget from "@dwipper/core/budget";
import * as Dwipp from "@dwipper/core/dwipp";
import { actorOf, apiHandler, json, parsePath } from "../api-handler";
import { unsetUpvote as route } from "../contract";

export const handler = apiHandler(route, async (event) => {
  const actor = actorOf(event);
  const { id } = parsePath(event, route.path);
  await Budget.spend(actor, "write");
  return json(200, await Dwipp.unsetUpvote(actor, id));
});

// DELETE /dwipps/{id}/upvote: the caller takes their upvote back (idempotent).
import { Budget, Dwipp } from "@dwipper/core";
import { actorOf, apiHandler, json, parsePath } from "../api-handler";

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const { id } = parsePath(event, Dwipp.IdParameters);
  await Budget.spend(actor, "write");
  return json(200, await Dwipp.removeUpvote(actor, id));
});

// PUT /dwipps/{id}/upvote: the caller upvotes (idempotent).
import * as Budget from "@dwipper/core/budget";
import * as Dwipp from "@dwipper/core/dwipp";
import { actorOf, apiHandler, json, parsePath } from "../api-handler";
import { setUpvote as route } from "../contract";

export const handler = apiHandler(route, async (event) => {
  const actor = actorOf(event);
  const { id } = parsePath(event, route.path);
  await Budget.spend(actor, "write");
  return json(200, await Dwipp.setUpvote(actor, id));
});

// PUT /dwipps/{id}/upvote: the caller upvotes (idempotent).
import { Budget, Dwipp } from "@dwipper/core";
import { actorOf, apiHandler, json, parsePath } from "../api-handler";
import { contract } from "../contract";

const route = contract["PUT /dwipps/{id}/upvote"];

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const { id } = parsePath(event, route.path);
  await Budget.spend(actor, "write");
  return json(200, await Dwipp.setUpvote(actor, id));
});

// PUT /dwipps/{id}/favorite: the caller keeps a Dwipp (idempotent).
import { Budget, Favorite } from "@dwipper/core";
import { actorOf, apiHandler, json, parsePath } from "../api-handler";
import { contract } from "../contract";

const route = contract["PUT /dwipps/{id}/favorite"];

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const { id } = parsePath(event, route.path);
  await Budget.spend(actor, "write");
  return json(200, await Favorite.set(actor, id));
});

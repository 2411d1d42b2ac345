// PUT /dwipps/{id}/favorite: the caller keeps a Dwipp (idempotent).
import { Budget, Dwipp, Favorite } from "@dwipper/core";
import { actorOf, apiHandler, json, parsePath } from "../api-handler";

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const { id } = parsePath(event, Dwipp.IdParameters);
  await Budget.spend(actor, "write");
  return json(200, await Favorite.add(actor, id));
});

// DELETE /dwipps/{id}/favorite: the caller lets a Dwipp go (idempotent).
import * as Budget from "@dwipper/core/budget";
import * as Favorite from "@dwipper/core/favorite";
import { actorOf, apiHandler, json, parsePath } from "../api-handler";
import { unsetFavorite as route } from "../contract";

export const handler = apiHandler(route, async (event) => {
  const actor = actorOf(event);
  const { id } = parsePath(event, route.path);
  await Budget.spend(actor, "write");
  return json(200, await Favorite.unset(actor, id));
});

// GET /me/favorites: the Dwipps the caller favorited, most recently favorited first.
import * as Budget from "@dwipper/core/budget";
import * as Favorite from "@dwipper/core/favorite";
import { actorOf, apiHandler, json, parseQuery } from "../api-handler";
import { listMyFavorites as route } from "../contract";

export const handler = apiHandler(route, async (event) => {
  const actor = actorOf(event);
  const query = parseQuery(event, route.query);
  return json(200, await Budget.whileReading(actor, () => Favorite.listMine(actor, query)));
});

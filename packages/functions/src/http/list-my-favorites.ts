// GET /me/favorites: the Dwipps the caller favorited, most recently favorited first.
import { Budget, Dwipp, Favorite } from "@dwipper/core";
import { actorOf, apiHandler, json, parseQuery } from "../api-handler";

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const query = parseQuery(event, Dwipp.PageQuery);
  return json(200, await Budget.whileReading(actor, () => Favorite.listMine(actor, query)));
});

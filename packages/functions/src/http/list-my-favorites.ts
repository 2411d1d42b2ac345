// GET /me/favorites: the Dwipps the caller favorited, most recently favorited first.
import { Budget, Favorite } from "@dwipper/core";
import { actorOf, apiHandler, json, parseQuery } from "../api-handler";
import { contract } from "../contract";

const route = contract["GET /me/favorites"];

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const query = parseQuery(event, route.query);
  return json(200, await Budget.whileReading(actor, () => Favorite.listMine(actor, query)));
});

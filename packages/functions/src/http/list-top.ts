// GET /dwipps/top: the most upvoted Dwipps of a window (a day by default), ties newest first.
// Public, like the feed.
import * as Dwipp from "@dwipper/core/dwipp";
import { apiHandler, json, parseQuery } from "../api-handler";
import { listTop as route } from "../contract";
import { readPublicly } from "../reader";

export const handler = apiHandler(route, async (event) => {
  const query = parseQuery(event, route.query);
  return json(200, await readPublicly(event, (reader) => Dwipp.listTop(reader, query)));
});

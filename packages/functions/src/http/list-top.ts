// GET /dwipps/top: the most upvoted Dwipps of a window (a day by default), ties newest first.
// Public, like the feed.
import { Dwipp } from "@dwipper/core";
import { apiHandler, json, parseQuery } from "../api-handler";
import { contract } from "../contract";
import { readPublicly } from "../reader";

const route = contract["GET /dwipps/top"];

export const handler = apiHandler(async (event) => {
  const query = parseQuery(event, route.query);
  return json(200, await readPublicly(event, (reader) => Dwipp.listTop(reader, query)));
});

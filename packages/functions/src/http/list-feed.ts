// GET /dwipps: everyone's Dwipps, newest first, a page at a time. Public: a reader without a token
// gets no flags of their own.
import * as Dwipp from "@dwipper/core/dwipp";
import { apiHandler, json, parseQuery } from "../api-handler";
import { listFeed as route } from "../contract";
import { readPublicly } from "../reader";

export const handler = apiHandler(route, async (event) => {
  const query = parseQuery(event, route.query);
  return json(200, await readPublicly(event, (reader) => Dwipp.listFeed(reader, query)));
});

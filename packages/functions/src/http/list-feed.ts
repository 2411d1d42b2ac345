// GET /dwipps: everyone's Dwipps, newest first, a page at a time. Public: a reader without a token
// gets no flags of their own.
import { Dwipp } from "@dwipper/core";
import { apiHandler, json, parseQuery } from "../api-handler";
import { contract } from "../contract";
import { readPublicly } from "../reader";

const route = contract["GET /dwipps"];

export const handler = apiHandler(async (event) => {
  const query = parseQuery(event, route.query);
  return json(200, await readPublicly(event, (reader) => Dwipp.listFeed(reader, query)));
});

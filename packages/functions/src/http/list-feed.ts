// GET /dwipps: everyone's Dwipps, newest first, a page at a time.
import { Budget, Dwipp } from "@dwipper/core";
import { actorOf, apiHandler, json, parseQuery } from "../api-handler";
import { contract } from "../contract";

const route = contract["GET /dwipps"];

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const query = parseQuery(event, route.query);
  return json(200, await Budget.whileReading(actor, () => Dwipp.listFeed(actor, query)));
});

// GET /me/dwipps: the caller's own Dwipps, newest first.
import { Budget, Dwipp } from "@dwipper/core";
import { actorOf, apiHandler, json, parseQuery } from "../api-handler";
import { contract } from "../contract";

const route = contract["GET /me/dwipps"];

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const query = parseQuery(event, route.query);
  return json(200, await Budget.whileReading(actor, () => Dwipp.listMine(actor, query)));
});

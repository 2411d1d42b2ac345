// GET /me/dwipps: the caller's own Dwipps, newest first.
import { Budget, Dwipp } from "@dwipper/core";
import { actorOf, apiHandler, json, parseQuery } from "../api-handler";

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const query = parseQuery(event, Dwipp.PageQuery);
  return json(200, await Budget.whileReading(actor, () => Dwipp.listMine(actor, query)));
});

// GET /me/dwipps: the caller's own Dwipps, newest first.
import * as Budget from "@dwipper/core/budget";
import * as Dwipp from "@dwipper/core/dwipp";
import { actorOf, apiHandler, json, parseQuery } from "../api-handler";
import { listMyDwipps as route } from "../contract";

export const handler = apiHandler(route, async (event) => {
  const actor = actorOf(event);
  const query = parseQuery(event, route.query);
  return json(200, await Budget.whileReading(actor, () => Dwipp.listMine(actor, query)));
});

// POST /dwipps: post a Dwipp (retry-safe with a client-chosen id).
import * as Budget from "@dwipper/core/budget";
import * as Dwipp from "@dwipper/core/dwipp";
import { actorOf, apiHandler, json, parseBody } from "../api-handler";
import { createDwipp as route } from "../contract";

export const handler = apiHandler(route, async (event) => {
  const actor = actorOf(event);
  const input = parseBody(event, route.body);
  await Budget.spend(actor, "post");
  const { dwipp, created } = await Dwipp.create(actor, input);
  return json(created ? 201 : 200, dwipp);
});

// GET /dwipps/{id}: one Dwipp.
import { Budget, Dwipp } from "@dwipper/core";
import { actorOf, apiHandler, json, parsePath } from "../api-handler";
import { contract } from "../contract";

const route = contract["GET /dwipps/{id}"];

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const { id } = parsePath(event, route.path);
  return json(200, await Budget.whileReading(actor, () => Dwipp.get(actor, id)));
});

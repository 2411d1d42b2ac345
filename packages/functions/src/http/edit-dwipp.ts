// PATCH /dwipps/{id}: the author changes the text.
import { Budget, Dwipp } from "@dwipper/core";
import { actorOf, apiHandler, json, parseBody, parsePath } from "../api-handler";
import { contract } from "../contract";

const route = contract["PATCH /dwipps/{id}"];

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const { id } = parsePath(event, route.path);
  const input = parseBody(event, route.body);
  await Budget.spend(actor, "write");
  return json(200, await Dwipp.edit(actor, id, input));
});

// PATCH /dwipps/{id}: the author changes the text.
import { Budget, Dwipp } from "@dwipper/core";
import { actorOf, apiHandler, json, parseBody, parsePath } from "../api-handler";

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const { id } = parsePath(event, Dwipp.IdParameters);
  const input = parseBody(event, Dwipp.EditInput);
  await Budget.spend(actor, "write");
  return json(200, await Dwipp.edit(actor, id, input));
});

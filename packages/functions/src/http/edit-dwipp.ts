// PATCH /dwipps/{id}: the author changes the text.
import { Dwipp, Limits } from "@dwipper/core";
import { actorOf, apiHandler, json, parseBody, parsePath } from "../api-handler";

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const { id } = parsePath(event, Dwipp.IdParameters);
  const input = parseBody(event, Dwipp.EditInput);
  await Limits.spend(actor, "write");
  return json(200, await Dwipp.edit(actor, id, input));
});

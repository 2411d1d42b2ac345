// PATCH /dwipps/{id}: the author changes the text.
import * as Budget from "@dwipper/core/budget";
import * as Dwipp from "@dwipper/core/dwipp";
import { actorOf, apiHandler, json, parseBody, parsePath } from "../api-handler";
import { editDwipp as route } from "../contract";

export const handler = apiHandler(route, async (event) => {
  const actor = actorOf(event);
  const { id } = parsePath(event, route.path);
  const input = parseBody(event, route.body);
  await Budget.spend(actor, "write");
  return json(200, await Dwipp.edit(actor, id, input));
});

// GET /dwipps/{id}/history: the texts a Dwipp had before its edits. Public, like the Dwipp itself.
import * as Dwipp from "@dwipper/core/dwipp";
import { apiHandler, json, parsePath } from "../api-handler";
import { getHistory as route } from "../contract";
import { readPublicly } from "../reader";

export const handler = apiHandler(route, async (event) => {
  const { id } = parsePath(event, route.path);
  return json(200, await readPublicly(event, () => Dwipp.history(id)));
});

// GET /dwipps/{id}: one Dwipp. Public: a reader without a token gets no flags of their own.
import * as Dwipp from "@dwipper/core/dwipp";
import { apiHandler, json, parsePath } from "../api-handler";
import { getDwipp as route } from "../contract";
import { readPublicly } from "../reader";

export const handler = apiHandler(route, async (event) => {
  const { id } = parsePath(event, route.path);
  return json(200, await readPublicly(event, (reader) => Dwipp.get(reader, id)));
});

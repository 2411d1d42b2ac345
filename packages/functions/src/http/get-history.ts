// GET /dwipps/{id}/history: the texts a Dwipp had before its edits. Public, like the Dwipp itself.
import { Dwipp } from "@dwipper/core";
import { apiHandler, json, parsePath } from "../api-handler";
import { contract } from "../contract";
import { readPublicly } from "../reader";

const route = contract["GET /dwipps/{id}/history"];

export const handler = apiHandler(async (event) => {
  const { id } = parsePath(event, route.path);
  return json(200, await readPublicly(event, () => Dwipp.history(id)));
});

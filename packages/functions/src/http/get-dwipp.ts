// GET /dwipps/{id}: one Dwipp. Public: a reader without a token gets no flags of their own.
import { Dwipp } from "@dwipper/core";
import { apiHandler, json, parsePath } from "../api-handler";
import { contract } from "../contract";
import { readPublicly } from "../reader";

const route = contract["GET /dwipps/{id}"];

export const handler = apiHandler(async (event) => {
  const { id } = parsePath(event, route.path);
  return json(200, await readPublicly(event, (reader) => Dwipp.get(reader, id)));
});

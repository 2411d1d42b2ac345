// GET /dwipps/{id}: one Dwipp. Public: a reader without a token gets no flags of their own.
import { Budget, Dwipp } from "@dwipper/core";
import { apiHandler, json, parsePath } from "../api-handler";
import { contract } from "../contract";
import { readerOf, spenderOf } from "../reader";

const route = contract["GET /dwipps/{id}"];

export const handler = apiHandler(async (event) => {
  const reader = await readerOf(event);
  const { id } = parsePath(event, route.path);
  return json(
    200,
    await Budget.whileReading(spenderOf(reader, event), () => Dwipp.get(reader, id)),
  );
});

// POST /dwipps: post a Dwipp (retry-safe with a client-chosen id).
import { Budget, Dwipp } from "@dwipper/core";
import { actorOf, apiHandler, json, parseBody } from "../api-handler";
import { contract } from "../contract";

const route = contract["POST /dwipps"];

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const input = parseBody(event, route.body);
  await Budget.spend(actor, "post");
  const { dwipp, created } = await Dwipp.create(actor, input);
  return json(created ? 201 : 200, dwipp);
});

// GET /me/notifications: what others did with the caller's Dwipps, newest first, with the unread
// count.
import { Budget, Notification } from "@dwipper/core";
import { actorOf, apiHandler, json, parseQuery } from "../api-handler";
import { contract } from "../contract";

const route = contract["GET /me/notifications"];

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  const query = parseQuery(event, route.query);
  return json(200, await Budget.whileReading(actor, () => Notification.list(actor, query)));
});

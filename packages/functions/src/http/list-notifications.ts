// GET /me/notifications: what others did with the caller's Dwipps, newest first, with the unread
// count.
import * as Budget from "@dwipper/core/budget";
import * as Notification from "@dwipper/core/notification";
import { actorOf, apiHandler, json, parseQuery } from "../api-handler";
import { listNotifications as route } from "../contract";

export const handler = apiHandler(route, async (event) => {
  const actor = actorOf(event);
  const query = parseQuery(event, route.query);
  return json(200, await Budget.whileReading(actor, () => Notification.list(actor, query)));
});

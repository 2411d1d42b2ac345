// PUT /me/notifications/read: everything that has arrived in the caller's inbox so far is read.
import * as Budget from "@dwipper/core/budget";
import * as Notification from "@dwipper/core/notification";
import { actorOf, apiHandler, json } from "../api-handler";
import { readNotifications as route } from "../contract";

export const handler = apiHandler(route, async (event) => {
  const actor = actorOf(event);
  await Budget.spend(actor, "write");
  return json(route.answers.status, await Notification.markRead(actor));
});

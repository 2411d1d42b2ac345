// PUT /me/notifications/read: everything that has arrived in the caller's inbox so far is read.
import { Budget, Notification } from "@dwipper/core";
import { actorOf, apiHandler, json } from "../api-handler";
import { contract } from "../contract";

const route = contract["PUT /me/notifications/read"];

export const handler = apiHandler(async (event) => {
  const actor = actorOf(event);
  await Budget.spend(actor, "write");
  return json(route.answers.status, await Notification.markRead(actor));
});

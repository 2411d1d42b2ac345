// The Dwipper domain. Handlers call into these namespaces and nothing else touches DynamoDB.
export { type Actor, isNobody, NOBODY } from "./actor";
export * as Budget from "./budget";
export * as Dwipp from "./dwipp";
export * from "./error";
export * as Favorite from "./favorite";
export * as Keys from "./keys";
export * as Notification from "./notification";
export * as Profile from "./profile";
export { parse } from "./validate";

// What each route takes and answers, as the schemas its handler checks requests with: the handlers
// read their schemas from here, and the OpenAPI document (openapi.ts) is generated from the same.
import * as Dwipp from "@dwipper/core/dwipp";
import * as Notification from "@dwipper/core/notification";
import * as Profile from "@dwipper/core/profile";
import type * as v from "valibot";
import type { HttpCode } from "./http-error";

export interface RouteContract {
  summary: string;
  path?: v.GenericSchema;
  query?: v.GenericSchema;
  body?: v.GenericSchema;
  /** The success status, and the answer's schema (none for 204). */
  answers: { status: number; schema?: v.GenericSchema };
  /** The API's own refusals this route can give, besides 401, 429, 500 and 503 everywhere. */
  refusals: HttpCode[];
}

// Pure: a handler that does not answer with a page need not carry its schema.
const page = /* @__PURE__ */ Dwipp.pageOf(Dwipp.DwippObject);
const id = Dwipp.IdParameters;
const listQuery = Dwipp.PageQuery;
const bodyRefusals: HttpCode[] = ["invalid_request", "payload_too_large", "unsupported_media_type"];

/** GET /dwipps */
export const listFeed = {
  summary: "Everyone's Dwipps, newest first (with since, only those posted after it)",
  query: Dwipp.FeedQuery,
  answers: { status: 200, schema: page },
  refusals: ["invalid_request"],
} as const satisfies RouteContract;

/** GET /dwipps/top */
export const listTop = {
  summary: "The most upvoted Dwipps of a window (day, week or all), ties newest first",
  query: Dwipp.TopQuery,
  answers: { status: 200, schema: page },
  refusals: ["invalid_request"],
} as const satisfies RouteContract;

/** POST /dwipps */
export const createDwipp = {
  summary: "Post a Dwipp (201; 200 when the same request with the same id is repeated)",
  body: Dwipp.CreateInput,
  answers: { status: 201, schema: Dwipp.DwippObject },
  refusals: [...bodyRefusals, "conflict"],
} as const satisfies RouteContract;

/** GET /dwipps/{id} */
export const getDwipp = {
  summary: "One Dwipp",
  path: id,
  answers: { status: 200, schema: Dwipp.DwippObject },
  refusals: ["invalid_request", "not_found"],
} as const satisfies RouteContract;

/** PATCH /dwipps/{id} */
export const editDwipp = {
  summary: `Edit your Dwipp, keeping the text it replaces (at most ${Dwipp.MAX_EDITS} edits, then 409)`,
  path: id,
  body: Dwipp.EditInput,
  answers: { status: 200, schema: Dwipp.DwippObject },
  refusals: [...bodyRefusals, "forbidden", "not_found", "conflict"],
} as const satisfies RouteContract;

/** GET /dwipps/{id}/history */
export const getHistory = {
  summary: "Every earlier text of a Dwipp, newest first",
  path: id,
  answers: { status: 200, schema: Dwipp.HistoryObject },
  refusals: ["invalid_request", "not_found"],
} as const satisfies RouteContract;

/** DELETE /dwipps/{id} */
export const deleteDwipp = {
  summary: "Delete your Dwipp, with its upvotes and favorites",
  path: id,
  answers: { status: 204 },
  refusals: ["invalid_request", "forbidden", "not_found"],
} as const satisfies RouteContract;

/** PUT /dwipps/{id}/upvote */
export const setUpvote = {
  summary: "Set your upvote",
  path: id,
  answers: { status: 200, schema: Dwipp.UpvoteStateObject },
  refusals: ["invalid_request", "not_found"],
} as const satisfies RouteContract;

/** DELETE /dwipps/{id}/upvote */
export const unsetUpvote = {
  summary: "Unset your upvote",
  path: id,
  answers: { status: 200, schema: Dwipp.UpvoteStateObject },
  refusals: ["invalid_request", "not_found"],
} as const satisfies RouteContract;

/** PUT /dwipps/{id}/favorite */
export const setFavorite = {
  summary: "Set your favorite",
  path: id,
  answers: { status: 200, schema: Dwipp.FavoriteStateObject },
  refusals: ["invalid_request", "not_found"],
} as const satisfies RouteContract;

/** DELETE /dwipps/{id}/favorite */
export const unsetFavorite = {
  summary: "Unset your favorite",
  path: id,
  answers: { status: 200, schema: Dwipp.FavoriteStateObject },
  refusals: ["invalid_request", "not_found"],
} as const satisfies RouteContract;

/** GET /users/{id} */
export const getProfile = {
  summary: "A person's profile",
  path: Profile.UserIdParameters,
  answers: { status: 200, schema: Profile.ProfileObject },
  refusals: ["invalid_request", "not_found"],
} as const satisfies RouteContract;

/** GET /users/{id}/dwipps */
export const listUserDwipps = {
  summary: "A person's Dwipps, newest first",
  path: Profile.UserIdParameters,
  query: listQuery,
  answers: { status: 200, schema: page },
  refusals: ["invalid_request", "not_found"],
} as const satisfies RouteContract;

/** GET /me/dwipps */
export const listMyDwipps = {
  summary: "Your Dwipps, newest first",
  query: listQuery,
  answers: { status: 200, schema: page },
  refusals: ["invalid_request"],
} as const satisfies RouteContract;

/** GET /me/favorites */
export const listMyFavorites = {
  summary: "The Dwipps you favorited, latest favorite first",
  query: listQuery,
  answers: { status: 200, schema: page },
  refusals: ["invalid_request"],
} as const satisfies RouteContract;

/** GET /me/notifications */
export const listNotifications = {
  summary: "What others did with your Dwipps, newest first, and how many are unread",
  query: listQuery,
  answers: { status: 200, schema: Notification.NotificationPageObject },
  refusals: ["invalid_request"],
} as const satisfies RouteContract;

/** PUT /me/notifications/read */
export const readNotifications = {
  summary: "Mark everything that has arrived so far as read",
  answers: { status: 200, schema: Notification.ReadStateObject },
  refusals: ["invalid_request"],
} as const satisfies RouteContract;

/** Every route's contract, by the route's key (the OpenAPI document's source). */
export const contract = {
  "GET /dwipps": listFeed,
  "GET /dwipps/top": listTop,
  "POST /dwipps": createDwipp,
  "GET /dwipps/{id}": getDwipp,
  "PATCH /dwipps/{id}": editDwipp,
  "GET /dwipps/{id}/history": getHistory,
  "DELETE /dwipps/{id}": deleteDwipp,
  "PUT /dwipps/{id}/upvote": setUpvote,
  "DELETE /dwipps/{id}/upvote": unsetUpvote,
  "PUT /dwipps/{id}/favorite": setFavorite,
  "DELETE /dwipps/{id}/favorite": unsetFavorite,
  "GET /users/{id}": getProfile,
  "GET /users/{id}/dwipps": listUserDwipps,
  "GET /me/dwipps": listMyDwipps,
  "GET /me/favorites": listMyFavorites,
  "GET /me/notifications": listNotifications,
  "PUT /me/notifications/read": readNotifications,
} as const;

export type ContractKey = keyof typeof contract;

/** A route's contract, by the route's key. */
export const contractOf = (key: string): RouteContract | undefined =>
  (contract as Record<string, RouteContract>)[key];

/** Statuses every route can answer with the API's error shape. */
export const everywhere: HttpCode[] = ["unauthorized", "rate_limited", "internal", "unavailable"];

// What each route takes and answers, as the schemas its handler checks requests with: the handlers
// read their schemas from here, and the OpenAPI document (openapi.ts) is generated from the same.
import { Dwipp, Notification, Profile } from "@dwipper/core";
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

const page = Dwipp.pageOf(Dwipp.DwippObject);
const id = Dwipp.IdParameters;
const listQuery = Dwipp.PageQuery;
const bodyRefusals: HttpCode[] = ["invalid_request", "payload_too_large", "unsupported_media_type"];

export const contract = {
  "GET /dwipps": {
    summary: "Everyone's Dwipps, newest first (with since, only those posted after it)",
    query: Dwipp.FeedQuery,
    answers: { status: 200, schema: page },
    refusals: ["invalid_request"],
  },
  "GET /dwipps/top": {
    summary: "The most upvoted Dwipps of a window (day, week or all), ties newest first",
    query: Dwipp.TopQuery,
    answers: { status: 200, schema: page },
    refusals: ["invalid_request"],
  },
  "POST /dwipps": {
    summary: "Post a Dwipp (201; 200 when the same request with the same id is repeated)",
    body: Dwipp.CreateInput,
    answers: { status: 201, schema: Dwipp.DwippObject },
    refusals: [...bodyRefusals, "conflict"],
  },
  "GET /dwipps/{id}": {
    summary: "One Dwipp",
    path: id,
    answers: { status: 200, schema: Dwipp.DwippObject },
    refusals: ["invalid_request", "not_found"],
  },
  "PATCH /dwipps/{id}": {
    summary: `Edit your Dwipp, keeping the text it replaces (at most ${Dwipp.MAX_EDITS} edits, then 409)`,
    path: id,
    body: Dwipp.EditInput,
    answers: { status: 200, schema: Dwipp.DwippObject },
    refusals: [...bodyRefusals, "forbidden", "not_found", "conflict"],
  },
  "GET /dwipps/{id}/history": {
    summary: "Every earlier text of a Dwipp, newest first",
    path: id,
    answers: { status: 200, schema: Dwipp.HistoryObject },
    refusals: ["invalid_request", "not_found"],
  },
  "DELETE /dwipps/{id}": {
    summary: "Delete your Dwipp, with its upvotes and favorites",
    path: id,
    answers: { status: 204 },
    refusals: ["invalid_request", "forbidden", "not_found"],
  },
  "PUT /dwipps/{id}/upvote": {
    summary: "Set your upvote",
    path: id,
    answers: { status: 200, schema: Dwipp.UpvoteStateObject },
    refusals: ["invalid_request", "not_found"],
  },
  "DELETE /dwipps/{id}/upvote": {
    summary: "Unset your upvote",
    path: id,
    answers: { status: 200, schema: Dwipp.UpvoteStateObject },
    refusals: ["invalid_request", "not_found"],
  },
  "PUT /dwipps/{id}/favorite": {
    summary: "Set your favorite",
    path: id,
    answers: { status: 200, schema: Dwipp.FavoriteStateObject },
    refusals: ["invalid_request", "not_found"],
  },
  "DELETE /dwipps/{id}/favorite": {
    summary: "Unset your favorite",
    path: id,
    answers: { status: 200, schema: Dwipp.FavoriteStateObject },
    refusals: ["invalid_request", "not_found"],
  },
  "GET /users/{id}": {
    summary: "A person's profile",
    path: Profile.UserIdParameters,
    answers: { status: 200, schema: Profile.ProfileObject },
    refusals: ["invalid_request", "not_found"],
  },
  "GET /users/{id}/dwipps": {
    summary: "A person's Dwipps, newest first",
    path: Profile.UserIdParameters,
    query: listQuery,
    answers: { status: 200, schema: page },
    refusals: ["invalid_request", "not_found"],
  },
  "GET /me/dwipps": {
    summary: "Your Dwipps, newest first",
    query: listQuery,
    answers: { status: 200, schema: page },
    refusals: ["invalid_request"],
  },
  "GET /me/favorites": {
    summary: "The Dwipps you favorited, latest favorite first",
    query: listQuery,
    answers: { status: 200, schema: page },
    refusals: ["invalid_request"],
  },
  "GET /me/notifications": {
    summary: "What others did with your Dwipps, newest first, and how many are unread",
    query: listQuery,
    answers: { status: 200, schema: Notification.NotificationPageObject },
    refusals: ["invalid_request"],
  },
  "PUT /me/notifications/read": {
    summary: "Mark everything that has arrived so far as read",
    answers: { status: 200, schema: Notification.ReadStateObject },
    refusals: [],
  },
} as const satisfies Record<string, RouteContract>;

export type ContractKey = keyof typeof contract;

/** A route's contract, by the route's key. */
export const contractOf = (key: string): RouteContract | undefined =>
  (contract as Record<string, RouteContract>)[key];

/** Statuses every route can answer with the API's error shape. */
export const everywhere: HttpCode[] = ["unauthorized", "rate_limited", "internal", "unavailable"];

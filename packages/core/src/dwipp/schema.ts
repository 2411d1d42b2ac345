// Request schemas for Dwipps: validated once at the edge, and the types of the web client's requests.
// Only valibot and pure functions here, so the browser can import it without the AWS SDK.
import * as v from "valibot";
import { contentProblem, normalizeContent } from "./content";
import { TOP_WINDOWS } from "./top-windows";

export const Content = v.pipe(
  v.string("must be a string."),
  v.transform(normalizeContent),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = contentProblem(dataset.value);
    if (problem) addIssue({ message: problem });
  }),
);

/**
 * A Dwipp's id: a UUID, in any case on input and kept in lower case (RFC 9562), so one UUID names
 * one Dwipp however a client spells it (ADR 0051).
 */
export const DwippId = v.pipe(
  v.string("must be a string."),
  v.uuid("must be a UUID."),
  v.toLowerCase(),
);

export const CreateInput = v.strictObject({
  content: Content,
  id: v.optional(DwippId),
});
export type CreateInput = v.InferOutput<typeof CreateInput>;
export type CreateRequest = v.InferInput<typeof CreateInput>;

export const EditInput = v.strictObject({ content: Content });
export type EditInput = v.InferOutput<typeof EditInput>;
export type EditRequest = v.InferInput<typeof EditInput>;

export const IdParameters = v.strictObject({ id: DwippId });

export const MAX_PAGE_SIZE = 50;
export const DEFAULT_PAGE_SIZE = 20;

const pageSizeRule = `must be a whole number from 1 to ${MAX_PAGE_SIZE}.`;

export const PageQuery = v.strictObject({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[0-9]{1,3}$/, pageSizeRule),
      v.transform(Number),
      v.minValue(1, pageSizeRule),
      v.maxValue(MAX_PAGE_SIZE, pageSizeRule),
    ),
  ),
  // An empty cursor is none the API gave: refused, as a malformed one is, not read as no cursor.
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.minLength(1, "The cursor is not valid."),
      v.maxLength(1024, "The cursor is not valid."),
    ),
  ),
});
export type PageQuery = v.InferOutput<typeof PageQuery>;

/**
 * The feed's query. With `since` (an ISO time), only the Dwipps posted after it: what a reader who
 * has the feed up to that time has not seen yet. It starts from the newest, so it takes no cursor.
 */
export const FeedQuery = v.pipe(
  v.strictObject({
    ...PageQuery.entries,
    since: v.optional(v.pipe(v.string(), v.isoTimestamp("must be an ISO 8601 time."))),
  }),
  v.check(
    (query) => query.since === undefined || query.cursor === undefined,
    "since and cursor cannot be used together.",
  ),
);
export type FeedQuery = v.InferOutput<typeof FeedQuery>;

export { TOP_WINDOWS, type TopWindow } from "./top-windows";

export const TopQuery = v.strictObject({
  ...PageQuery.entries,
  window: v.optional(v.picklist(TOP_WINDOWS, "must be day, week or all.")),
});
export type TopQuery = v.InferOutput<typeof TopQuery>;

// What the API answers, as schemas too: the types below are read from them, and the API's OpenAPI
// document is generated from them.
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const Time = v.pipe(v.string(), v.isoTimestamp());

/** A Dwipp as the API returns it (docs/api.md, "Objects"). */
export const DwippObject = v.object({
  id: v.pipe(v.string(), v.uuid()),
  content: v.string(),
  author: v.object({ id: v.string(), name: v.string() }),
  createdAt: Time,
  editedAt: v.nullable(Time),
  upvotes: Count,
  favorites: Count,
  upvotedByMe: v.boolean(),
  favoritedByMe: v.boolean(),
});
export type Dwipp = v.InferOutput<typeof DwippObject>;

/** A text a Dwipp had before an edit, and when that edit replaced it. */
export const RevisionObject = v.object({ content: v.string(), at: Time });
export type Revision = v.InferOutput<typeof RevisionObject>;
export const HistoryObject = v.object({ items: v.array(RevisionObject) });
export type History = v.InferOutput<typeof HistoryObject>;

export const UpvoteStateObject = v.object({ upvotes: Count, upvotedByMe: v.boolean() });
export type UpvoteState = v.InferOutput<typeof UpvoteStateObject>;

export const FavoriteStateObject = v.object({ favorites: Count, favoritedByMe: v.boolean() });
export type FavoriteState = v.InferOutput<typeof FavoriteStateObject>;

/** A page of a list: its items, and the cursor of the next page (null at the end). */
export const pageOf = <T extends v.GenericSchema>(item: T) =>
  v.object({ items: v.array(item), nextCursor: v.nullable(v.string()) });

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

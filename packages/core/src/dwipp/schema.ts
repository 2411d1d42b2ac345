// Request schemas for Dwipps: validated once at the edge, and the types of the web client's requests.
// Only valibot and pure functions here, so the browser can import it without the AWS SDK.
import * as v from "valibot";
import { contentProblem, normalizeContent } from "./content";

export const Content = v.pipe(
  v.string("Content must be a string."),
  v.transform(normalizeContent),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = contentProblem(dataset.value);
    if (problem) addIssue({ message: problem });
  }),
);

export const DwippId = v.pipe(
  v.string("The id must be a string."),
  v.uuid("The id must be a UUID."),
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

export const PageQuery = v.strictObject({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[0-9]{1,3}$/, "limit must be a whole number from 1 to 50."),
      v.transform(Number),
      v.minValue(1, "limit must be a whole number from 1 to 50."),
      v.maxValue(MAX_PAGE_SIZE, "limit must be a whole number from 1 to 50."),
    ),
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(1024, "The cursor is not valid."))),
});
export type PageQuery = v.InferOutput<typeof PageQuery>;

/** A Dwipp as the API returns it (docs/api.md, "Objects"). */
export interface Dwipp {
  id: string;
  content: string;
  author: { id: string; name: string };
  createdAt: string;
  editedAt: string | null;
  upvotes: number;
  favorites: number;
  upvotedByMe: boolean;
  favoritedByMe: boolean;
}

export interface UpvoteState {
  upvotes: number;
  upvotedByMe: boolean;
}

export interface FavoriteState {
  favorites: number;
  favoritedByMe: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// Every function of the API and what invokes it: HTTP routes and stream subscribers.
// `stacks/api.ts` builds API Gateway and the subscriptions from this table and the local cloud
// serves from it, so the two cannot drift apart.

/** The linkable resources a function may be given (names of `Resource` entries). */
export type Link = "Dwipps" | "Favorites" | "CursorSecret";

export interface FunctionDefinition {
  /** Source file under packages/functions/src, without extension; it exports `handler`. */
  file: string;
  /** What the function may touch; it gets nothing else. */
  links: readonly Link[];
  /** Whether the function writes its tables (read-only functions get read-only access). */
  writes: boolean;
}

export interface Route extends FunctionDefinition {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** API Gateway path syntax: `{name}` for a path parameter. */
  path: string;
}

export interface StreamSubscriber extends FunctionDefinition {
  /** The table whose stream invokes it. */
  table: "Dwipps";
}

const read = (file: string, links: readonly Link[]) => ({ file, links, writes: false });
const write = (file: string, links: readonly Link[]) => ({ file, links, writes: true });

const bothTables = ["Dwipps", "Favorites"] as const;
const pagedLists = ["Dwipps", "Favorites", "CursorSecret"] as const;

export const routes: readonly Route[] = [
  { method: "GET", path: "/dwipps", ...read("http/list-feed", pagedLists) },
  { method: "POST", path: "/dwipps", ...write("http/create-dwipp", bothTables) },
  { method: "GET", path: "/dwipps/{id}", ...read("http/get-dwipp", bothTables) },
  { method: "PATCH", path: "/dwipps/{id}", ...write("http/edit-dwipp", bothTables) },
  { method: "DELETE", path: "/dwipps/{id}", ...write("http/delete-dwipp", ["Dwipps"]) },
  { method: "PUT", path: "/dwipps/{id}/upvote", ...write("http/set-upvote", ["Dwipps"]) },
  { method: "DELETE", path: "/dwipps/{id}/upvote", ...write("http/unset-upvote", ["Dwipps"]) },
  { method: "PUT", path: "/dwipps/{id}/favorite", ...write("http/set-favorite", bothTables) },
  { method: "DELETE", path: "/dwipps/{id}/favorite", ...write("http/unset-favorite", bothTables) },
  { method: "GET", path: "/me/dwipps", ...read("http/list-my-dwipps", pagedLists) },
  { method: "GET", path: "/me/favorites", ...read("http/list-my-favorites", pagedLists) },
];

export const streamSubscribers: readonly StreamSubscriber[] = [
  { table: "Dwipps", ...write("stream/cleanup-deleted", bothTables) },
];

export const routeKey = (route: Route) => `${route.method} ${route.path}`;

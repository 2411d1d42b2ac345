// Every HTTP route of the API and the function that serves it. `stacks/api.ts` builds API Gateway
// from this table and the local gateway serves from it, so the two cannot drift apart.

/** The linkable resources a function may be given (names of `Resource` entries). */
export type Link = "Dwipps" | "Favorites" | "CursorSecret";

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** API Gateway path syntax: `{name}` for a path parameter. */
  path: string;
  /** Source file under packages/functions/src, without extension; it exports `handler`. */
  file: string;
  /** What the function may touch; it gets nothing else. */
  links: readonly Link[];
  /** Whether the function writes its tables (read routes get read-only access). */
  writes: boolean;
}

export const routes = [
  {
    method: "GET",
    path: "/dwipps",
    file: "http/list-feed",
    links: ["Dwipps", "CursorSecret"],
    writes: false,
  },
  { method: "POST", path: "/dwipps", file: "http/create-dwipp", links: ["Dwipps"], writes: true },
] as const satisfies readonly Route[];

export const routeKey = (route: Route) => `${route.method} ${route.path}`;

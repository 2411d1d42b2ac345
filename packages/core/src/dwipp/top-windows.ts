// Top's windows in a module of their own, apart from the schemas, so the web app reads the same list
// without bundling the schema library.

/** Top's windows: posted in the last 24 hours, the last 7 days, or ever. */
export const TOP_WINDOWS = ["day", "week", "all"] as const;
export type TopWindow = (typeof TOP_WINDOWS)[number];

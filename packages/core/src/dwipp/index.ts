// The Dwipp domain: posting, reading, editing, deleting and upvoting Dwipps. Knows DynamoDB,
// nothing of HTTP or Lambda. Commands change Dwipps, queries read them, the cleanup follows a
// deletion.
export { purgeRecords } from "./cleanup";
export { type Created, create, edit, remove, setUpvote, unsetUpvote } from "./commands";
export * from "./content";
export { freshDwipps } from "./fresh-read";
export { FEED_SHARDS, type LiveDwippItem as LiveItem } from "./item";
export { get, listFeed, listMine } from "./queries";
export { readCounts } from "./read";
export * from "./schema";

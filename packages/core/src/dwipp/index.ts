// The Dwipp domain: posting, reading, editing, deleting and upvoting Dwipps. Knows DynamoDB,
// nothing of HTTP or Lambda. Commands change Dwipps, queries read them, the cleanup follows a
// deletion.
export { purgeRecords } from "./cleanup";
export {
  type Created,
  create,
  edit,
  MAX_EDITS,
  remove,
  setUpvote,
  unsetUpvote,
} from "./commands";
export * from "./content";
export { freshDwipps } from "./fresh-read";
export {
  type DwippItem as Item,
  FEED_SHARDS,
  type LiveDwippItem as LiveItem,
  rankPlaces,
} from "./item";
export { type Listing, listPage } from "./listing";
export { get, history, listByAuthor, listFeed, listMine, listTop, rankPartitions } from "./queries";
export { type DwippChange, placeInTop, type Reranked, rerank } from "./ranking";
export { readCounts } from "./read";
export * from "./schema";

// What the conformance suite sends to both engines: every request shape Dwipper's code, seed and
// tests make, and the refusals they rely on, as scenarios of steps. A step's request may be built
// from the same engine's earlier answers (a stream's ARN, a page's last key, an iterator).
import type { Answer, Json } from "./wire";

export interface Step {
  /** What the step shows, for the report. */
  what: string;
  operation: string;
  streams?: boolean;
  input: Json | ((earlier: Answer[]) => Json);
  /**
   * `unordered`: a batch read's items may come in any order (DynamoDB promises none);
   * `shape`: only the page's counts and whether more follow (a Scan's order is the engine's own);
   * `batch`: how many items a batch read returned and how many keys it left unprocessed.
   */
  compare?: "unordered" | "shape" | "batch";
}

export interface Scenario {
  name: string;
  steps: (table: (name: string) => string) => Step[];
}

const S = (value: string) => ({ S: value });
const N = (value: number) => ({ N: String(value) });

/** Dwipper's Dwipps table, as the local cloud creates it. */
const dwippsTable = (name: string) => ({
  TableName: name,
  BillingMode: "PAY_PER_REQUEST",
  AttributeDefinitions: [
    "pk",
    "sk",
    "gsi1pk",
    "gsi1sk",
    "gsi2pk",
    "gsi2sk",
    "gsi3pk",
    "gsi4pk",
    "rank",
  ].map((field) => ({ AttributeName: field, AttributeType: "S" })),
  KeySchema: [
    { AttributeName: "pk", KeyType: "HASH" },
    { AttributeName: "sk", KeyType: "RANGE" },
  ],
  GlobalSecondaryIndexes: [
    ["feed", "gsi1pk", "gsi1sk", "KEYS_ONLY"],
    ["byAuthor", "gsi2pk", "gsi2sk", "KEYS_ONLY"],
    ["topAll", "gsi1pk", "rank", "KEYS_ONLY"],
    ["topDay", "gsi3pk", "rank", "KEYS_ONLY"],
    ["topHour", "gsi4pk", "rank", "KEYS_ONLY"],
  ].map(([IndexName, hash, range, ProjectionType]) => ({
    IndexName,
    KeySchema: [
      { AttributeName: hash, KeyType: "HASH" },
      { AttributeName: range, KeyType: "RANGE" },
    ],
    Projection: { ProjectionType },
  })),
  StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
});

const dwipp = (id: string, shard: string, at: string, extra: Json = {}) => ({
  pk: S(`DWIPP#${id}`),
  sk: S("DWIPP"),
  gsi1pk: S(`FEED#${shard}`),
  gsi1sk: S(`${at}#${id}`),
  gsi2pk: S("AUTHOR#ada"),
  gsi2sk: S(`${at}#${id}`),
  id: S(id),
  content: S(`Thought ${id}`),
  upvotes: N(0),
  favorites: N(0),
  ...extra,
});

const key = (id: string, sk = "DWIPP") => ({ pk: S(`DWIPP#${id}`), sk: S(sk) });
const at = (n: number) => `2026-01-01T00:00:${String(n).padStart(2, "0")}.000Z`;
const lastKey = (answer: Answer | undefined) => answer?.body.LastEvaluatedKey as Json | undefined;

/** The counted-record transaction: a record and its Dwipp's counter, conditioned. */
const setCounted = (table: string, id: string, user: string, returnOld = false) => ({
  TransactItems: [
    {
      Put: {
        TableName: table,
        Item: { ...key(id, `UPVOTE#${user}`), userId: S(user) },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    {
      Update: {
        TableName: table,
        Key: key(id),
        UpdateExpression: "ADD #counter :one",
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(deletedAt)",
        ExpressionAttributeNames: { "#counter": "upvotes" },
        ExpressionAttributeValues: { ":one": N(1) },
        ...(returnOld ? { ReturnValuesOnConditionCheckFailure: "ALL_OLD" } : {}),
      },
    },
  ],
});

/**
 * A budget's counter: one more post and write, unless the minute's budget is spent or this very
 * write (named by `token`) already landed, in which case the refusal returns the item.
 */
const spendBudget = (table: string, token: string) => ({
  TableName: table,
  Key: { pk: S("PERSON#ada"), sk: S("MINUTE#29000000") },
  UpdateExpression: "ADD #posts :one, #writes :one SET expiresAt = :expires, lastTake = :token",
  ConditionExpression:
    "(attribute_not_exists(#posts) OR #posts <= :posts) AND (attribute_not_exists(#writes) OR #writes <= :writes) AND (attribute_not_exists(lastTake) OR lastTake <> :token)",
  ExpressionAttributeNames: { "#posts": "posts", "#writes": "writes" },
  ExpressionAttributeValues: {
    ":one": N(1),
    ":expires": N(1_800_000_000),
    ":writes": N(2),
    ":posts": N(1),
    ":token": S(token),
  },
  ReturnValuesOnConditionCheckFailure: "ALL_OLD",
});

const spendReads = (table: string) => ({
  TableName: table,
  Key: { pk: S("PERSON#ada"), sk: S("MINUTE#29000000") },
  UpdateExpression: "ADD #reads :one",
  ConditionExpression: "attribute_not_exists(#reads) OR #reads < :reads",
  ExpressionAttributeNames: { "#reads": "reads" },
  ExpressionAttributeValues: { ":one": N(1), ":reads": N(1) },
});

export const scenarios: Scenario[] = [
  {
    name: "tables",
    steps: (t) => [
      {
        what: "create the Dwipps table",
        operation: "CreateTable",
        input: dwippsTable(t("dwipps")),
      },
      { what: "describe it", operation: "DescribeTable", input: { TableName: t("dwipps") } },
      {
        what: "TTL off at first",
        operation: "DescribeTimeToLive",
        input: { TableName: t("dwipps") },
      },
      {
        what: "turn TTL on",
        operation: "UpdateTimeToLive",
        input: {
          TableName: t("dwipps"),
          TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
        },
      },
      { what: "TTL on", operation: "DescribeTimeToLive", input: { TableName: t("dwipps") } },
      { what: "an unknown table", operation: "DescribeTable", input: { TableName: t("missing") } },
      {
        what: "a table created twice",
        operation: "CreateTable",
        input: dwippsTable(t("dwipps")),
      },
    ],
  },
  {
    name: "posting, editing and deleting",
    steps: (t) => [
      { what: "table", operation: "CreateTable", input: dwippsTable(t("d")) },
      {
        what: "post (id not taken)",
        operation: "PutItem",
        input: {
          TableName: t("d"),
          Item: dwipp("a", "0", at(1)),
          ConditionExpression: "attribute_not_exists(pk)",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
      {
        what: "post again with the same id: refused with the item",
        operation: "PutItem",
        input: {
          TableName: t("d"),
          Item: dwipp("a", "0", at(2)),
          ConditionExpression: "attribute_not_exists(pk)",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
      {
        what: "refused without the item when not asked",
        operation: "PutItem",
        input: {
          TableName: t("d"),
          Item: dwipp("a", "0", at(2)),
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      {
        what: "edit by the author",
        operation: "UpdateItem",
        input: {
          TableName: t("d"),
          Key: key("a"),
          UpdateExpression: "SET content = :content, editedAt = :now",
          ConditionExpression:
            "attribute_exists(pk) AND attribute_not_exists(deletedAt) AND authorId = :actor",
          ExpressionAttributeValues: {
            ":content": S("Edited"),
            ":now": S(at(3)),
            ":actor": S("ada"),
          },
          ReturnValues: "ALL_NEW",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
      {
        what: "edit by someone else: refused with the item",
        operation: "UpdateItem",
        input: {
          TableName: t("d"),
          Key: key("a"),
          UpdateExpression: "SET content = :content",
          ConditionExpression: "authorId = :actor",
          ExpressionAttributeValues: { ":content": S("Mine now"), ":actor": S("grace") },
          ReturnValues: "ALL_NEW",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
      {
        what: "edit a missing Dwipp: refused without an item",
        operation: "UpdateItem",
        input: {
          TableName: t("d"),
          Key: key("missing"),
          UpdateExpression: "SET content = :content",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":content": S("x") },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
      {
        what: "delete into a tombstone",
        operation: "UpdateItem",
        input: {
          TableName: t("d"),
          Key: key("a"),
          UpdateExpression:
            "SET deletedAt = :now, expiresAt = :expires REMOVE content, upvotes, favorites, gsi1pk, gsi1sk, gsi2pk, gsi2sk",
          ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(deletedAt)",
          ExpressionAttributeValues: { ":now": S(at(4)), ":expires": N(1_800_000_000) },
          ReturnValues: "ALL_NEW",
        },
      },
      {
        what: "read it consistently",
        operation: "GetItem",
        input: { TableName: t("d"), Key: key("a"), ConsistentRead: true },
      },
      {
        what: "read a missing item",
        operation: "GetItem",
        input: { TableName: t("d"), Key: key("nothing") },
      },
      {
        what: "read with a projection",
        operation: "GetItem",
        input: {
          TableName: t("d"),
          Key: key("a"),
          ProjectionExpression: "#id, deletedAt",
          ExpressionAttributeNames: { "#id": "id" },
        },
      },
      {
        what: "the budget's counter",
        operation: "UpdateItem",
        input: { ...spendBudget(t("d"), "take-1"), ReturnValues: "ALL_NEW" },
      },
      {
        what: "the budget's counter sent again by the SDK: refused by its name, with the item",
        operation: "UpdateItem",
        input: spendBudget(t("d"), "take-1"),
      },
      {
        what: "the budget's counter, the next request",
        operation: "UpdateItem",
        input: spendBudget(t("d"), "take-2"),
      },
      {
        what: "the budget's counter, over budget",
        operation: "UpdateItem",
        input: spendBudget(t("d"), "take-3"),
      },
      {
        what: "the read budget's counter",
        operation: "UpdateItem",
        input: spendReads(t("d")),
      },
      {
        what: "the read budget's counter, over budget",
        operation: "UpdateItem",
        input: spendReads(t("d")),
      },
      {
        what: "a reserved word named without a placeholder",
        operation: "UpdateItem",
        input: {
          TableName: t("d"),
          Key: { pk: S("PERSON#ada"), sk: S("MINUTE#29000000") },
          UpdateExpression: "ADD reads :one",
          ExpressionAttributeValues: { ":one": N(1) },
        },
      },
    ],
  },
  {
    name: "transactions",
    steps: (t) => [
      { what: "table", operation: "CreateTable", input: dwippsTable(t("d")) },
      {
        what: "a Dwipp",
        operation: "PutItem",
        input: { TableName: t("d"), Item: dwipp("a", "1", at(1)) },
      },
      {
        what: "upvote: record and count",
        operation: "TransactWriteItems",
        input: setCounted(t("d"), "a", "u1"),
      },
      {
        what: "the count",
        operation: "GetItem",
        input: { TableName: t("d"), Key: key("a"), ConsistentRead: true },
      },
      {
        what: "upvote again: cancelled, the record's condition failed",
        operation: "TransactWriteItems",
        input: setCounted(t("d"), "a", "u1"),
      },
      {
        what: "upvote a missing Dwipp, with the item asked for",
        operation: "TransactWriteItems",
        input: setCounted(t("d"), "missing", "u1", true),
      },
      {
        what: "upvote with the item asked for on a failing record",
        operation: "TransactWriteItems",
        input: {
          TransactItems: [
            {
              Put: {
                TableName: t("d"),
                Item: { ...key("a", "UPVOTE#u1") },
                ConditionExpression: "attribute_not_exists(pk)",
                ReturnValuesOnConditionCheckFailure: "ALL_OLD",
              },
            },
            {
              ConditionCheck: {
                TableName: t("d"),
                Key: key("a"),
                ConditionExpression: "attribute_exists(pk)",
              },
            },
          ],
        },
      },
      {
        what: "unset: delete the record, count down unless at zero",
        operation: "TransactWriteItems",
        input: {
          TransactItems: [
            {
              Delete: {
                TableName: t("d"),
                Key: key("a", "UPVOTE#u1"),
                ConditionExpression: "attribute_exists(pk)",
              },
            },
            {
              Update: {
                TableName: t("d"),
                Key: key("a"),
                UpdateExpression: "ADD #counter :minusOne",
                ConditionExpression:
                  "attribute_exists(pk) AND attribute_not_exists(deletedAt) AND #counter > :zero",
                ExpressionAttributeNames: { "#counter": "upvotes" },
                ExpressionAttributeValues: { ":minusOne": N(-1), ":zero": N(0) },
              },
            },
          ],
        },
      },
      {
        what: "the count after",
        operation: "GetItem",
        input: { TableName: t("d"), Key: key("a"), ConsistentRead: true },
      },
      {
        what: "two actions on one item",
        operation: "TransactWriteItems",
        input: {
          TransactItems: [
            { Put: { TableName: t("d"), Item: key("b") } },
            { Delete: { TableName: t("d"), Key: key("b") } },
          ],
        },
      },
      { what: "no actions", operation: "TransactWriteItems", input: { TransactItems: [] } },
      {
        what: "101 actions",
        operation: "TransactWriteItems",
        input: {
          TransactItems: Array.from({ length: 101 }, (_, i) => ({
            Put: { TableName: t("d"), Item: key(`many-${i}`) },
          })),
        },
      },
      {
        what: "100 actions",
        operation: "TransactWriteItems",
        input: {
          TransactItems: Array.from({ length: 100 }, (_, i) => ({
            Put: { TableName: t("d"), Item: key(`many-${i}`) },
          })),
        },
      },
      {
        what: "an idempotent request",
        operation: "TransactWriteItems",
        input: { ...setCounted(t("d"), "a", "u2"), ClientRequestToken: "conformance-token-1" },
      },
      {
        what: "the same request again: a no-op",
        operation: "TransactWriteItems",
        input: { ...setCounted(t("d"), "a", "u2"), ClientRequestToken: "conformance-token-1" },
      },
      {
        what: "the same token with other parameters",
        operation: "TransactWriteItems",
        input: { ...setCounted(t("d"), "a", "u3"), ClientRequestToken: "conformance-token-1" },
      },
      {
        what: "counted once",
        operation: "GetItem",
        input: { TableName: t("d"), Key: key("a"), ConsistentRead: true },
      },
      {
        what: "a transaction on a missing table",
        operation: "TransactWriteItems",
        input: { TransactItems: [{ Put: { TableName: t("missing"), Item: key("x") } }] },
      },
      {
        what: "read two items in one transaction",
        operation: "TransactGetItems",
        input: {
          TransactItems: [
            { Get: { TableName: t("d"), Key: key("a"), ProjectionExpression: "upvotes" } },
            { Get: { TableName: t("d"), Key: key("nothing") } },
          ],
        },
      },
    ],
  },
  {
    name: "feed and lists",
    steps: (t) => [
      { what: "table", operation: "CreateTable", input: dwippsTable(t("d")) },
      {
        what: "25 Dwipps in one batch",
        operation: "BatchWriteItem",
        input: {
          RequestItems: {
            [t("d")]: Array.from({ length: 25 }, (_, i) => ({
              PutRequest: { Item: dwipp(`p${String(i).padStart(2, "0")}`, String(i % 2), at(i)) },
            })),
          },
        },
      },
      {
        what: "26 in one batch",
        operation: "BatchWriteItem",
        input: {
          RequestItems: {
            [t("d")]: Array.from({ length: 26 }, (_, i) => ({
              PutRequest: { Item: key(`x${i}`) },
            })),
          },
        },
      },
      {
        what: "the same key twice in one batch",
        operation: "BatchWriteItem",
        input: {
          RequestItems: {
            [t("d")]: [
              { PutRequest: { Item: key("same") } },
              { DeleteRequest: { Key: key("same") } },
            ],
          },
        },
      },
      {
        what: "a feed shard's newest page, projected, with the capacity it cost",
        operation: "Query",
        input: {
          TableName: t("d"),
          IndexName: "feed",
          KeyConditionExpression: "gsi1pk = :shard",
          ExpressionAttributeValues: { ":shard": S("FEED#0") },
          ProjectionExpression: "pk, gsi1sk",
          ScanIndexForward: false,
          Limit: 5,
          ReturnConsumedCapacity: "TOTAL",
        },
      },
      {
        what: "the next page, from the last key",
        operation: "Query",
        input: (earlier) => ({
          TableName: t("d"),
          IndexName: "feed",
          KeyConditionExpression: "gsi1pk = :shard",
          ExpressionAttributeValues: { ":shard": S("FEED#0") },
          ScanIndexForward: false,
          Limit: 5,
          ExclusiveStartKey: lastKey(earlier.at(-1)),
        }),
      },
      {
        what: "a page older than a cursor",
        operation: "Query",
        input: {
          TableName: t("d"),
          IndexName: "byAuthor",
          KeyConditionExpression: "gsi2pk = :author AND gsi2sk < :before",
          ExpressionAttributeValues: { ":author": S("AUTHOR#ada"), ":before": S(`${at(10)}#p10`) },
          ScanIndexForward: false,
          Limit: 3,
          ReturnConsumedCapacity: "TOTAL",
        },
      },
      {
        what: "upvote records of a Dwipp by key prefix",
        operation: "Query",
        input: {
          TableName: t("d"),
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :upvote)",
          ExpressionAttributeValues: { ":pk": S("DWIPP#p01"), ":upvote": S("UPVOTE#") },
        },
      },
      {
        what: "the viewer's flags for a page, across two tables' worth of keys",
        operation: "BatchGetItem",
        input: {
          RequestItems: {
            [t("d")]: {
              Keys: [key("p01"), key("p02"), key("nothing")],
              ProjectionExpression: "pk, sk",
            },
          },
          ReturnConsumedCapacity: "TOTAL",
        },
        compare: "unordered",
      },
      {
        what: "101 keys in one batch read",
        operation: "BatchGetItem",
        input: {
          RequestItems: {
            [t("d")]: { Keys: Array.from({ length: 101 }, (_, i) => key(`k${i}`)) },
          },
        },
      },
      {
        what: "the same key twice in one batch read",
        operation: "BatchGetItem",
        input: { RequestItems: { [t("d")]: { Keys: [key("p01"), key("p01")] } } },
      },
      {
        what: "a count by Scan, as the bench's naive design does",
        operation: "Scan",
        input: { TableName: t("d"), Select: "COUNT", ReturnConsumedCapacity: "TOTAL" },
      },
      {
        what: "a Scan page",
        operation: "Scan",
        input: { TableName: t("d"), Limit: 7 },
        compare: "shape",
      },
    ],
  },
  {
    name: "Top's keys-only indexes",
    steps: (t) => {
      const ranked = (id: string, upvotes: number, n: number) =>
        dwipp(id, "0", at(n), {
          gsi3pk: S("DAY#2026-01-01"),
          gsi4pk: S("HOUR#2026-01-01T00"),
          rank: S(`${String(upvotes).padStart(10, "0")}#${at(n)}#${id}`),
        });
      const top = (extra: Json = {}) => ({
        TableName: t("d"),
        IndexName: "topDay",
        KeyConditionExpression: "gsi3pk = :day",
        ExpressionAttributeValues: { ":day": S("DAY#2026-01-01") },
        ScanIndexForward: false,
        ...extra,
      });
      return [
        { what: "table", operation: "CreateTable", input: dwippsTable(t("d")) },
        ...[
          ["a", 2, 1],
          ["b", 5, 2],
          ["c", 2, 3],
        ].map(([id, upvotes, n]) => ({
          what: `ranked Dwipp ${id}`,
          operation: "PutItem",
          input: { TableName: t("d"), Item: ranked(String(id), Number(upvotes), Number(n)) },
        })),
        {
          what: "a Dwipp in no Top index",
          operation: "PutItem",
          input: { TableName: t("d"), Item: dwipp("z", "0", at(4)) },
        },
        { what: "best first, keys only", operation: "Query", input: top() },
        {
          what: "what a page of them costs",
          operation: "Query",
          input: top({ Limit: 2, ReturnConsumedCapacity: "TOTAL" }),
        },
        {
          what: "what an empty hour costs",
          operation: "Query",
          input: top({
            ExpressionAttributeValues: { ":day": S("DAY#2026-01-02") },
            ReturnConsumedCapacity: "TOTAL",
          }),
        },
        {
          what: "a page of two, the rank and key asked for",
          operation: "Query",
          input: top({
            Limit: 2,
            ProjectionExpression: "pk, #rank",
            ExpressionAttributeNames: { "#rank": "rank" },
          }),
        },
        {
          what: "the page after a rank",
          operation: "Query",
          input: top({
            KeyConditionExpression: "gsi3pk = :day AND #rank < :before",
            ExpressionAttributeNames: { "#rank": "rank" },
            ExpressionAttributeValues: {
              ":day": S("DAY#2026-01-01"),
              ":before": S(`0000000002#${at(3)}#c`),
            },
          }),
        },
        {
          what: "an attribute the index does not hold",
          operation: "Query",
          input: top({ ProjectionExpression: "pk, content" }),
        },
        {
          what: "all of an item, from a keys-only index",
          operation: "Query",
          input: top({ Select: "ALL_ATTRIBUTES" }),
        },
        {
          what: "a Dwipp moves up, for the count it has",
          operation: "UpdateItem",
          input: {
            TableName: t("d"),
            Key: key("a"),
            UpdateExpression: "SET #rank = :rank",
            ConditionExpression:
              "attribute_exists(pk) AND attribute_not_exists(deletedAt) AND (upvotes = :upvotes OR attribute_not_exists(upvotes))",
            ExpressionAttributeNames: { "#rank": "rank" },
            ExpressionAttributeValues: {
              ":rank": S(`0000000009#${at(1)}#a`),
              ":upvotes": N(0),
            },
          },
        },
        { what: "in its new place", operation: "Query", input: top() },
        {
          what: "leaving the indexes",
          operation: "UpdateItem",
          input: {
            TableName: t("d"),
            Key: key("b"),
            UpdateExpression: "REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi3pk, gsi4pk, #rank",
            ExpressionAttributeNames: { "#rank": "rank" },
          },
        },
        { what: "without it", operation: "Query", input: top() },
      ];
    },
  },
  {
    name: "an index added to a table that holds items",
    steps: (t) => {
      const byGroup = {
        TableName: t("g"),
        IndexName: "byGroup",
        KeyConditionExpression: "#g = :g",
        ExpressionAttributeNames: { "#g": "group" },
        ExpressionAttributeValues: { ":g": S("one") },
      };
      return [
        {
          what: "a table with no index",
          operation: "CreateTable",
          input: {
            TableName: t("g"),
            BillingMode: "PAY_PER_REQUEST",
            AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
            KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          },
        },
        ...[
          ["a", "one"],
          ["b", "one"],
          ["c", ""],
          ["d", undefined],
        ].map(([pk, group]) => ({
          what: `item ${pk}`,
          operation: "PutItem",
          input: {
            TableName: t("g"),
            Item: { pk: S(String(pk)), ...(group !== undefined ? { group: S(group) } : {}) },
          },
        })),
        {
          what: "an index added",
          operation: "UpdateTable",
          input: {
            TableName: t("g"),
            AttributeDefinitions: [{ AttributeName: "group", AttributeType: "S" }],
            GlobalSecondaryIndexUpdates: [
              {
                Create: {
                  IndexName: "byGroup",
                  KeySchema: [
                    { AttributeName: "group", KeyType: "HASH" },
                    { AttributeName: "pk", KeyType: "RANGE" },
                  ],
                  Projection: { ProjectionType: "KEYS_ONLY" },
                },
              },
            ],
          },
        },
        { what: "the items it was filled with", operation: "Query", input: byGroup },
        {
          what: "an item written after",
          operation: "PutItem",
          input: { TableName: t("g"), Item: { pk: S("e"), group: S("one") } },
        },
        { what: "the index keeps up", operation: "Query", input: byGroup },
        {
          what: "the index removed",
          operation: "UpdateTable",
          input: {
            TableName: t("g"),
            GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "byGroup" } }],
          },
        },
        { what: "a read of the removed index", operation: "Query", input: byGroup },
      ];
    },
  },
  {
    name: "refusals",
    steps: (t) => [
      { what: "table", operation: "CreateTable", input: dwippsTable(t("d")) },
      {
        what: "an empty string in a key",
        operation: "PutItem",
        input: { TableName: t("d"), Item: { pk: S(""), sk: S("x") } },
      },
      {
        what: "a key of the wrong type",
        operation: "PutItem",
        input: { TableName: t("d"), Item: { pk: N(1), sk: S("x") } },
      },
      {
        what: "a key attribute missing",
        operation: "PutItem",
        input: { TableName: t("d"), Item: { pk: S("x") } },
      },
      {
        what: "an empty string in an index key",
        operation: "PutItem",
        input: { TableName: t("d"), Item: { pk: S("x"), sk: S("y"), gsi1pk: S("") } },
      },
      {
        what: "an item over 400 KB",
        operation: "PutItem",
        input: {
          TableName: t("d"),
          Item: { pk: S("big"), sk: S("big"), blob: S("x".repeat(410_000)) },
        },
      },
      {
        what: "a value nobody uses",
        operation: "PutItem",
        input: {
          TableName: t("d"),
          Item: key("x"),
          ConditionExpression: "attribute_not_exists(pk)",
          ExpressionAttributeValues: { ":unused": S("x") },
        },
      },
      {
        what: "a name that is not defined",
        operation: "UpdateItem",
        input: {
          TableName: t("d"),
          Key: key("x"),
          UpdateExpression: "SET #missing = :v",
          ExpressionAttributeValues: { ":v": S("x") },
        },
      },
      {
        what: "a broken update expression",
        operation: "UpdateItem",
        input: { TableName: t("d"), Key: key("x"), UpdateExpression: "SET = 1" },
      },
      {
        what: "updating a key attribute",
        operation: "UpdateItem",
        input: {
          TableName: t("d"),
          Key: key("x"),
          UpdateExpression: "SET pk = :v",
          ExpressionAttributeValues: { ":v": S("y") },
        },
      },
      {
        what: "a string attribute",
        operation: "UpdateItem",
        input: {
          TableName: t("d"),
          Key: key("typed"),
          UpdateExpression: "SET content = :text",
          ExpressionAttributeValues: { ":text": S("words") },
        },
      },
      {
        what: "ADD of a number to that string",
        operation: "UpdateItem",
        input: {
          TableName: t("d"),
          Key: key("typed"),
          UpdateExpression: "ADD content :one",
          ExpressionAttributeValues: { ":one": N(1) },
        },
      },
      {
        what: "a Query limit of 0",
        operation: "Query",
        input: {
          TableName: t("d"),
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": S("x") },
          Limit: 0,
        },
      },
      {
        what: "a Query without the hash key",
        operation: "Query",
        input: {
          TableName: t("d"),
          KeyConditionExpression: "sk = :sk",
          ExpressionAttributeValues: { ":sk": S("x") },
        },
      },
      {
        what: "a Query on an unknown index",
        operation: "Query",
        input: {
          TableName: t("d"),
          IndexName: "nope",
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": S("x") },
        },
      },
      {
        what: "a consistent read of a global index",
        operation: "Query",
        input: {
          TableName: t("d"),
          IndexName: "feed",
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": S("x") },
          ConsistentRead: true,
        },
      },
      {
        what: "a bad ReturnValuesOnConditionCheckFailure",
        operation: "PutItem",
        input: {
          TableName: t("d"),
          Item: key("x"),
          ReturnValuesOnConditionCheckFailure: "ALL_NEW",
        },
      },
      {
        what: "a write to a missing table",
        operation: "PutItem",
        input: { TableName: t("missing"), Item: key("x") },
      },
      {
        what: "an unknown operation",
        operation: "MakeCoffee",
        input: {},
      },
    ],
  },
  {
    name: "pages of a megabyte",
    steps: (t) => [
      { what: "table", operation: "CreateTable", input: dwippsTable(t("d")) },
      ...Array.from({ length: 3 }, (_, batch) => ({
        what: `big items, batch ${batch + 1}`,
        operation: "BatchWriteItem",
        input: {
          RequestItems: {
            [t("d")]: Array.from({ length: 5 }, (_, i) => ({
              PutRequest: {
                Item: {
                  pk: S("BIG"),
                  sk: S(`item-${batch * 5 + i}`),
                  blob: S("x".repeat(100_000)),
                },
              },
            })),
          },
        },
      })),
      {
        what: "a Query stops at 1 MB with a last key",
        operation: "Query",
        input: {
          TableName: t("d"),
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": S("BIG") },
          ProjectionExpression: "sk",
          ReturnConsumedCapacity: "TOTAL",
        },
      },
      {
        what: "the rest",
        operation: "Query",
        input: (earlier) => ({
          TableName: t("d"),
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": S("BIG") },
          ProjectionExpression: "sk",
          ExclusiveStartKey: lastKey(earlier.at(-1)),
        }),
      },
      {
        what: "a Scan stops at 1 MB too",
        operation: "Scan",
        input: { TableName: t("d"), Select: "COUNT" },
      },
    ],
  },
  {
    name: "a batch read over 16 MB",
    steps: (t) => [
      { what: "table", operation: "CreateTable", input: dwippsTable(t("d")) },
      ...Array.from({ length: 5 }, (_, batch) => ({
        what: `items of 390 KB, batch ${batch + 1}`,
        operation: "BatchWriteItem",
        input: {
          RequestItems: {
            [t("d")]: Array.from({ length: 10 }, (_, i) => ({
              PutRequest: {
                Item: { ...key(`huge-${batch * 10 + i}`), blob: S("y".repeat(390_000)) },
              },
            })),
          },
        },
      })),
      {
        what: "a batch read of all 50 leaves keys unprocessed",
        operation: "BatchGetItem",
        input: {
          RequestItems: {
            [t("d")]: { Keys: Array.from({ length: 50 }, (_, i) => key(`huge-${i}`)) },
          },
        },
        compare: "batch",
      },
    ],
  },
  {
    name: "a stream",
    steps: (t) => [
      { what: "table", operation: "CreateTable", input: dwippsTable(t("d")) },
      {
        what: "insert",
        operation: "PutItem",
        input: { TableName: t("d"), Item: dwipp("s", "2", at(1)) },
      },
      {
        what: "modify",
        operation: "UpdateItem",
        input: {
          TableName: t("d"),
          Key: key("s"),
          UpdateExpression: "SET content = :c",
          ExpressionAttributeValues: { ":c": S("changed") },
        },
      },
      {
        what: "a write that changes nothing",
        operation: "UpdateItem",
        input: {
          TableName: t("d"),
          Key: key("s"),
          UpdateExpression: "SET content = :c",
          ExpressionAttributeValues: { ":c": S("changed") },
        },
      },
      { what: "remove", operation: "DeleteItem", input: { TableName: t("d"), Key: key("s") } },
      { what: "describe the table", operation: "DescribeTable", input: { TableName: t("d") } },
      {
        what: "describe its stream",
        operation: "DescribeStream",
        streams: true,
        input: (earlier) => ({
          StreamArn: (earlier.at(-1)?.body.Table as Json | undefined)?.LatestStreamArn,
        }),
      },
      {
        what: "an iterator from the start",
        operation: "GetShardIterator",
        streams: true,
        input: (earlier) => {
          const description = earlier.at(-1)?.body.StreamDescription as Json | undefined;
          const shards = (description?.Shards as Json[] | undefined) ?? [];
          return {
            StreamArn: description?.StreamArn,
            ShardId: shards[0]?.ShardId,
            ShardIteratorType: "TRIM_HORIZON",
          };
        },
      },
      {
        what: "the records",
        operation: "GetRecords",
        streams: true,
        input: (earlier) => ({ ShardIterator: earlier.at(-1)?.body.ShardIterator }),
      },
      {
        what: "a made-up iterator",
        operation: "GetRecords",
        streams: true,
        input: { ShardIterator: "not-an-iterator" },
      },
      {
        what: "a limit over 1000",
        operation: "GetRecords",
        streams: true,
        input: (earlier) => ({
          ShardIterator: earlier.at(-2)?.body.NextShardIterator,
          Limit: 1001,
        }),
      },
    ],
  },
];

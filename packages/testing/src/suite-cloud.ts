// Whether a suite's cloud is as weak as AWS where the suites' tests count on it: a read right after
// a write missed through an index and by an eventually consistent read, found by a consistent one;
// the Dwipps' changes spread over several stream shards, so two items' records may reach a
// subscriber in either order. Those tests pass on a kinder cloud too, so each suite probes its own
// (ADR 0065).
import { randomUUID } from "node:crypto";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import { indexes } from "@dwipper/core/keys";
import { localCredentials } from "@dwipper/local-cloud/credentials";
import type { StackInfo } from "@dwipper/local-cloud/local-cloud";
import { streamShards } from "@dwipper/local-cloud/stream-poller";
import { whenIndexed } from "./indexes";
import { tablesClient } from "./tables";

/**
 * Reads answered this soon after the write was sent were served within the lag (300 ms) of its
 * commit, which came after it was sent.
 */
const WITHIN_LAG_MS = 250;

/** What each read right after a write found of it, and whether they found it a while later. */
export interface ReadsRightAfterAWrite {
  consistent: boolean;
  eventual: boolean;
  indexed: boolean;
  /** Whether the index and an eventually consistent read showed it within `whenIndexed`'s 5 s. */
  caughtUp: boolean;
}

/**
 * Writes a favorite of a person no one else knows (nothing else reads it) and reads it at once in
 * three ways. A try the machine stalled, its reads answered too long after the write was sent to be
 * sure they came within the lag, proves nothing either way, and is made again, up to twenty times.
 */
export async function readsRightAfterAWrite(stack: StackInfo): Promise<ReadsRightAfterAWrite> {
  const db = tablesClient(stack);
  try {
    return await probe(db, stack.dynamodb.tables.favorites);
  } finally {
    db.destroy();
  }
}

/** One favorite written and read back at once, in TableName, until a try is quick enough. */
async function probe(
  db: DynamoDBDocumentClient,
  TableName: string,
): Promise<ReadsRightAfterAWrite> {
  for (let attempt = 1; ; attempt++) {
    const person = `USER#suite-cloud-${randomUUID()}`;
    const key = { pk: person, sk: `DWIPP#${randomUUID()}` };
    const sent = Date.now();
    await db.send(
      new PutCommand({ TableName, Item: { ...key, gsi1pk: person, gsi1sk: `now#${key.sk}` } }),
    );
    // What an eventually consistent reader finds: the item, and its entry in the index.
    const found = async () => {
      const [item, listed] = await Promise.all([
        db.send(new GetCommand({ TableName, Key: key })),
        db.send(
          new QueryCommand({
            TableName,
            IndexName: indexes.favorites.byUser,
            KeyConditionExpression: "gsi1pk = :person",
            ExpressionAttributeValues: { ":person": person },
          }),
        ),
      ]);
      return { item: item.Item !== undefined, listed: (listed.Items ?? []).length > 0 };
    };
    const [eventual, consistent] = await Promise.all([
      found(),
      db.send(new GetCommand({ TableName, Key: key, ConsistentRead: true })),
    ]);
    if (Date.now() - sent > WITHIN_LAG_MS && attempt < 20) continue;
    const shows = (now: { item: boolean; listed: boolean }) => now.item && now.listed;
    return {
      consistent: consistent.Item !== undefined,
      eventual: eventual.item,
      indexed: eventual.listed,
      caughtUp: shows(await whenIndexed(found, shows)),
    };
  }
}

/** How many shards of the Dwipps table's stream are being written: those not yet closed. */
export async function openStreamShards(stack: StackInfo): Promise<number> {
  const config = {
    endpoint: stack.dynamodb.endpoint,
    region: stack.region,
    credentials: localCredentials,
  };
  const tables = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  try {
    const { Table } = await tables.send(
      new DescribeTableCommand({ TableName: stack.dynamodb.tables.dwipps }),
    );
    const streamArn = Table?.LatestStreamArn;
    if (!streamArn) throw new Error("The Dwipps table has no stream.");
    const shards = await streamShards(streams, streamArn);
    // Shards roll over in the suites' clouds: those still written have no end.
    return shards.filter((shard) => !shard.SequenceNumberRange?.EndingSequenceNumber).length;
  } finally {
    tables.destroy();
    streams.destroy();
  }
}

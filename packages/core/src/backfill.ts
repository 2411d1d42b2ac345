// Brings Dwipps posted before profiles and Top existed into them: each live Dwipp not yet in its
// author's count is counted (the mark and the count change in one transaction, so running this
// twice, or beside new posts and deletions, counts each Dwipp once), and each one without a place
// in Top gets one (as of before any change, so the stream's next change of it wins). A one-off
// migration an operator runs, so it may Scan.
import { ScanCommand, type ScanCommandOutput } from "@aws-sdk/lib-dynamodb";
import type { DwippItem } from "./dwipp/item";
import { placeInTop } from "./dwipp/ranking";
import { dynamo, tables, transact } from "./dynamo";
import { DWIPP_ITEM, dwippKey } from "./keys";
import { countDwipps } from "./profile";

export interface Backfilled {
  counted: number;
  ranked: number;
}

export async function backfillDwipps(): Promise<Backfilled> {
  const done: Backfilled = { counted: 0, ranked: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await dynamo.send(
      new ScanCommand({
        TableName: tables.dwipps,
        FilterExpression: "sk = :dwipp AND attribute_not_exists(deletedAt)",
        ExpressionAttributeValues: { ":dwipp": DWIPP_ITEM },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of (page.Items ?? []) as DwippItem[]) {
      if (!item.inProfileCount && (await countInProfile(item))) done.counted++;
      // A rank item from any change of the Dwipp is newer than this one.
      if ((await placeInTop(item, "0")) === "placed") done.ranked++;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return done;
}

/** Counts one Dwipp in its author's profile, unless it is counted already or gone. */
async function countInProfile(item: DwippItem): Promise<boolean> {
  const reasons = await transact({
    TransactItems: [
      {
        Update: {
          TableName: tables.dwipps,
          Key: dwippKey(item.id),
          UpdateExpression: "SET inProfileCount = :yes",
          ConditionExpression:
            "attribute_exists(pk) AND attribute_not_exists(deletedAt) AND attribute_not_exists(inProfileCount)",
          ExpressionAttributeValues: { ":yes": true },
        },
      },
      countDwipps(item.authorId, 1),
    ],
  });
  return reasons === undefined;
}

// What follows a Dwipp's deletion, off the request path: its upvotes, favorites and place in Top
// are removed.
import { QueryCommand, type QueryCommandOutput } from "@aws-sdk/lib-dynamodb";
import { batchDelete, dynamo, tables } from "../dynamo";
import { dwippPartition, favoriteKey, indexes, kindInDwippPartition } from "../keys";

/**
 * Removes what belonged to a deleted Dwipp: its place in Top, its upvote records and everyone's
 * favorite records of it. Safe to run again; run by the Dwipps table's stream subscriber. The
 * Dwipp's partition, read strongly consistent, names every one of them (a favorite by its marker);
 * the Favorites index is read as well for favorites kept before markers existed.
 */
export async function purgeRecords(id: string): Promise<{ upvotes: number; favorites: number }> {
  let upvotes = 0;
  const favoriteOwners = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await dynamo.send(
      new QueryCommand({
        TableName: tables.dwipps,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": dwippPartition(id) },
        ProjectionExpression: "pk, sk, userId",
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    const records = (page.Items ?? []) as { pk: string; sk: string; userId?: string }[];
    const belonging = records.filter((record) => kindInDwippPartition(record.sk) !== "dwipp");
    const owners = belonging.flatMap((record) =>
      kindInDwippPartition(record.sk) === "favorite" && record.userId ? [record.userId] : [],
    );
    for (const owner of owners) favoriteOwners.add(owner);
    await batchDelete(
      tables.favorites,
      owners.map((owner) => favoriteKey(owner, id)),
    );
    await batchDelete(
      tables.dwipps,
      belonging.map(({ pk, sk }) => ({ pk, sk })),
    );
    upvotes += belonging.filter((record) => kindInDwippPartition(record.sk) === "upvote").length;
    start = page.LastEvaluatedKey;
  } while (start);
  do {
    const page: QueryCommandOutput = await dynamo.send(
      new QueryCommand({
        TableName: tables.favorites,
        IndexName: indexes.favorites.byDwipp,
        KeyConditionExpression: "gsi2pk = :dwipp",
        ExpressionAttributeValues: { ":dwipp": dwippPartition(id) },
        ProjectionExpression: "pk, sk, userId",
        ExclusiveStartKey: start,
      }),
    );
    const records = (page.Items ?? []) as { pk: string; sk: string; userId: string }[];
    const unmarked = records.filter((record) => !favoriteOwners.has(record.userId));
    for (const record of unmarked) favoriteOwners.add(record.userId);
    await batchDelete(
      tables.favorites,
      unmarked.map(({ pk, sk }) => ({ pk, sk })),
    );
    start = page.LastEvaluatedKey;
  } while (start);
  return { upvotes, favorites: favoriteOwners.size };
}

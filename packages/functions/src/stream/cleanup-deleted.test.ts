// Which stream records mean "a Dwipp was deleted", from events shaped as Lambda delivers them.
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { deletedDwippIds } from "./cleanup-deleted";

const id = "0b6f3f7e-5d0a-4d55-9a0e-2f4b1e9c7a11";
const live = {
  pk: { S: `DWIPP#${id}` },
  sk: { S: "DWIPP" },
  id: { S: id },
  content: { S: "hello" },
  upvotes: { N: "2" },
};
const tombstone = {
  pk: { S: `DWIPP#${id}` },
  sk: { S: "DWIPP" },
  id: { S: id },
  deletedAt: { S: "2026-11-23T17:05:32.123Z" },
};

function record(
  eventName: DynamoDBRecord["eventName"],
  images: { OldImage?: object; NewImage?: object },
): DynamoDBRecord {
  return {
    eventID: "1",
    eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: "us-east-1",
    dynamodb: {
      ApproximateCreationDateTime: 1795457920,
      Keys: { pk: live.pk, sk: live.sk },
      SequenceNumber: "100",
      SizeBytes: 100,
      StreamViewType: "NEW_AND_OLD_IMAGES",
      ...(images as DynamoDBRecord["dynamodb"]),
    },
    eventSourceARN: "arn:aws:dynamodb:us-east-1:000000000000:table/dwipps/stream/x",
  };
}

const event = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

describe("deletedDwippIds", () => {
  it("finds a Dwipp that became a tombstone, once per batch", () => {
    const deletion = record("MODIFY", { OldImage: live, NewImage: tombstone });
    expect(deletedDwippIds(event(deletion, deletion))).toEqual([id]);
  });

  it("ignores posts, edits, count changes, upvote records and expiring tombstones", () => {
    const edited = { ...live, content: { S: "changed" } };
    const upvote = { pk: live.pk, sk: { S: "UPVOTE#user" } };
    expect(
      deletedDwippIds(
        event(
          record("INSERT", { NewImage: live }),
          record("MODIFY", { OldImage: live, NewImage: edited }),
          record("INSERT", { NewImage: upvote }),
          record("REMOVE", { OldImage: tombstone }),
          record("MODIFY", { OldImage: tombstone, NewImage: tombstone }),
        ),
      ),
    ).toEqual([]);
  });
});

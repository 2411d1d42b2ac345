// What the Dwipps stream's records mean to its subscribers (a Dwipp deleted, an upvote or a
// favorite set), and how a batch of them is run, from events shaped as Lambda delivers them.

import { RETRY_RESERVE_MS } from "@dwipper/core/retry-budget";
import { lambdaContext } from "@dwipper/local-cloud/lambda-context";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import { deletedDwipp } from "./dwipp-changes";
import { eachStreamRecord } from "./partial-batch";
import { markSet } from "./publish-notices";

const id = "0b6f3f7e-5d0a-4d55-9a0e-2f4b1e9c7a11";
const live = {
  pk: { S: `DWIPP#${id}` },
  sk: { S: "DWIPP" },
  id: { S: id },
  authorId: { S: "author" },
  content: { S: "hello" },
  upvotes: { N: "2" },
};
const tombstone = {
  pk: { S: `DWIPP#${id}` },
  sk: { S: "DWIPP" },
  id: { S: id },
  authorId: { S: "author" },
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

const idsOf = (batch: DynamoDBStreamEvent) =>
  batch.Records.flatMap((entry) => deletedDwipp(entry)?.id ?? []);

describe("deletedDwipp", () => {
  it("finds a Dwipp that became a tombstone, and a tombstone that expired", () => {
    const deletion = record("MODIFY", { OldImage: live, NewImage: tombstone });
    const expiry = record("REMOVE", { OldImage: tombstone });
    expect(idsOf(event(deletion, expiry))).toEqual([id, id]);
    expect(deletedDwipp(deletion)?.authorId).toBe("author");
  });

  it("ignores posts, edits, count changes, upvote records and a tombstone changing again", () => {
    const edited = { ...live, content: { S: "changed" } };
    const upvote = { pk: live.pk, sk: { S: "UPVOTE#user" } };
    expect(
      idsOf(
        event(
          record("INSERT", { NewImage: live }),
          record("MODIFY", { OldImage: live, NewImage: edited }),
          record("INSERT", { NewImage: upvote }),
          record("REMOVE", { OldImage: upvote }),
          record("REMOVE", { OldImage: live }),
          record("MODIFY", { OldImage: tombstone, NewImage: tombstone }),
        ),
      ),
    ).toEqual([]);
  });
});

describe("markSet", () => {
  const upvote = {
    pk: live.pk,
    sk: { S: "UPVOTE#reader" },
    userId: { S: "reader" },
    at: { S: "2026-11-23T17:05:32.123Z" },
  };
  const marker = {
    pk: live.pk,
    sk: { S: "FAVORITE#reader" },
    userId: { S: "reader" },
    at: { S: "2026-11-23T17:05:33.456Z" },
  };

  it("finds an upvote and a favorite just set, with who set it and when", () => {
    expect(markSet(record("INSERT", { NewImage: upvote }))).toEqual({
      kind: "upvote",
      dwippId: id,
      actorId: "reader",
      at: "2026-11-23T17:05:32.123Z",
    });
    expect(markSet(record("INSERT", { NewImage: marker }))).toEqual({
      kind: "favorite",
      dwippId: id,
      actorId: "reader",
      at: "2026-11-23T17:05:33.456Z",
    });
    // A marker written before markers kept their time: the record's own time (whole seconds) stands in.
    const { at: _, ...untimed } = marker;
    expect(markSet(record("INSERT", { NewImage: untimed }))).toMatchObject({
      kind: "favorite",
      at: new Date(1795457920 * 1000).toISOString(),
    });
  });

  it("ignores unsetting, Dwipps themselves and their other records", () => {
    expect(markSet(record("REMOVE", { OldImage: upvote }))).toBeUndefined();
    expect(markSet(record("INSERT", { NewImage: live }))).toBeUndefined();
    expect(
      markSet(record("INSERT", { NewImage: { pk: live.pk, sk: { S: "REVISION#0001" } } })),
    ).toBeUndefined();
    expect(markSet(record("INSERT", { NewImage: { ...live, sk: { S: "RANK" } } }))).toBeUndefined();
  });
});

describe("eachStreamRecord", () => {
  it("handles every record and reports exactly the ones that failed, by sequence number", async () => {
    const batch = event(
      ...["1", "2", "3"].map((sequence) => {
        const entry = record("MODIFY", { OldImage: live, NewImage: tombstone });
        return { ...entry, dynamodb: { ...entry.dynamodb, SequenceNumber: sequence } };
      }),
    );
    const handled: string[] = [];
    const response = await eachStreamRecord(batch, async (entry) => {
      const sequence = entry.dynamodb?.SequenceNumber ?? "";
      handled.push(sequence);
      if (sequence === "2") throw new Error("poisoned");
    });
    expect(handled).toEqual(["1", "2", "3"]);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "2" }] });
  });

  it("reports a batch that fails whole record by record, rather than failing the invocation", async () => {
    const batch = event(
      ...["7", "8"].map((sequence) => {
        const entry = record("MODIFY", { OldImage: live, NewImage: tombstone });
        return { ...entry, dynamodb: { ...entry.dynamodb, SequenceNumber: sequence } };
      }),
    );
    const response = await eachStreamRecord(batch, async () => {
      throw new Error("the table is gone");
    });
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: "7" }, { itemIdentifier: "8" }],
    });
  });

  it("leaves the records its invocation has no time to begin for Lambda to deliver again", async () => {
    vi.useFakeTimers();
    try {
      const batch = event(
        ...["1", "2", "3", "4"].map((sequence) => {
          const entry = record("MODIFY", { OldImage: live, NewImage: tombstone });
          return { ...entry, dynamodb: { ...entry.dynamodb, SequenceNumber: sequence } };
        }),
      );
      // 500 ms of retry budget: the invocation ends 2.5 s from now, and keeps the reserve.
      const deadline = Date.now() + RETRY_RESERVE_MS + 500;
      const context = lambdaContext({ functionName: "f", awsRequestId: "r", deadline });
      const handled: string[] = [];
      const response = eachStreamRecord(
        batch,
        async (entry) => {
          handled.push(entry.dynamodb?.SequenceNumber ?? "");
          await new Promise((resolve) => setTimeout(resolve, 300));
        },
        context,
      );
      await vi.advanceTimersByTimeAsync(2_000);
      // The first began at once, the second at 300 ms; the budget was spent by the third's turn.
      expect(handled).toEqual(["1", "2"]);
      expect(await response).toEqual({
        batchItemFailures: [{ itemIdentifier: "3" }, { itemIdentifier: "4" }],
      });
    } finally {
      vi.useRealTimers();
    }
  });
});

// A second start of the local cloud on the same data folder finds everything the first one kept:
// the pool and its users, the tables and their items, the cursor key, the failure queue as the
// stack makes it; and a cloud given a DynamoDB endpoint uses it rather than starting an engine of
// its own; one asked to leave notifications out makes none.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { Dwipp, Page } from "@dwipper/core/dwipp/schema";
import { startEngineProcess } from "@dwipper/dynamodb-engine/process";
import { clientsFor } from "@dwipper/dynamodb-engine/testing";
import { FAILURE_RETENTION_SECONDS, FAILURE_VISIBILITY_SECONDS } from "@dwipper/functions/routes";
import { restoreEnvironmentAfterAll } from "@dwipper/testing/cloud-of-its-own";
import { whenIndexed } from "@dwipper/testing/indexes";
import { callApi, createUser } from "@dwipper/testing/users";
import { expect, it } from "vitest";
import { localCredentials } from "./credentials";
import { startLocalCloud } from "./local-cloud";

restoreEnvironmentAfterAll();

it("keeps users, Dwipps and keys between runs", { timeout: 120_000 }, async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "dwipper-restart-"));
  try {
    const first = await startLocalCloud({ dataDir, webUrl: "http://localhost:3000" });
    const user = await createUser(first.stack, "Kept");
    const posted = await callApi(first.stack, "POST", "/dwipps", {
      token: user.idToken,
      body: { content: "Still here after a restart" },
    });
    expect(posted.status).toBe(201);
    const firstPage = (
      await callApi(first.stack, "GET", "/dwipps?limit=1", { token: user.idToken })
    ).json as Page<Dwipp>;
    await first.stop();

    // The same ports, as `npm run dev` uses: the token issuer names cognito-local's address.
    const portOf = (url: string) => Number(new URL(url).port);
    const second = await startLocalCloud({
      dataDir,
      webUrl: "http://localhost:3000",
      ports: {
        api: portOf(first.stack.apiUrl),
        cognito: portOf(first.stack.cognito.endpoint),
        dynamodb: portOf(first.stack.dynamodb.endpoint),
      },
    });
    try {
      expect(second.stack.cognito.userPoolId).toBe(first.stack.cognito.userPoolId);
      expect(second.stack.cognito.userPoolClientId).toBe(first.stack.cognito.userPoolClientId);
      // The old token still verifies: same pool, same client.
      const feed = await callApi(second.stack, "GET", "/dwipps", { token: user.idToken });
      expect(feed.status).toBe(200);
      expect((feed.json as Page<Dwipp>).items.map((item) => item.id)).toContain(
        (posted.json as Dwipp).id,
      );
      const mailbox = await fetch(
        `${second.stack.mailboxUrl}?to=${encodeURIComponent(user.email)}`,
      );
      expect(((await mailbox.json()) as { messages: unknown[] }).messages).toHaveLength(1);
      // The stream's failure queue is the stack's: kept as long, hiding a message as long.
      const sqs = new SQSClient({
        endpoint: second.stack.queues.endpoint,
        region: second.stack.region,
        credentials: localCredentials,
      });
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: second.stack.queues.streamFailures,
          AttributeNames: ["All"],
        }),
      );
      sqs.destroy();
      expect(Attributes).toMatchObject({
        MessageRetentionPeriod: String(FAILURE_RETENTION_SECONDS),
        VisibilityTimeout: String(FAILURE_VISIBILITY_SECONDS),
      });
      // A cursor issued before the restart is still signed with the same key.
      if (firstPage.nextCursor) {
        const next = await callApi(
          second.stack,
          "GET",
          `/dwipps?cursor=${encodeURIComponent(firstPage.nextCursor)}`,
          { token: user.idToken },
        );
        expect(next.status).toBe(200);
      }
    } finally {
      await second.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

it("uses a DynamoDB endpoint it is given instead of starting an engine", {
  timeout: 60_000,
}, async () => {
  const external = await startEngineProcess({ port: 0 });
  try {
    const cloud = await startLocalCloud({
      webUrl: "http://localhost:3000",
      stage: "external",
      dynamodb: {
        engine: "dwipper",
        readLagMs: 0,
        partitionWriteUnits: 0,
        partitionReadUnits: 0,
        streamShards: 0,
        shardLifetimeSeconds: 0,
        shardReadsPerSecond: 0,
        describeStreamsPerSecond: 0,
        endpoint: external.endpoint,
      },
    });
    try {
      expect(cloud.stack.dynamodb.endpoint).toBe(external.endpoint);
      const user = await createUser(cloud.stack, "Elsewhere");
      const posted = await callApi(cloud.stack, "POST", "/dwipps", {
        token: user.idToken,
        body: { content: "Stored in the engine I was given" },
      });
      expect(posted.status).toBe(201);
      const { client } = clientsFor(external.endpoint);
      const { Item } = await client.send(
        new GetItemCommand({
          TableName: cloud.stack.dynamodb.tables.dwipps,
          Key: {
            pk: { S: `DWIPP#${(posted.json as Dwipp).id}` },
            sk: { S: "DWIPP" },
          },
          ConsistentRead: true,
        }),
      );
      client.destroy();
      expect(Item?.content?.S).toBe("Stored in the engine I was given");
    } finally {
      await cloud.stop();
    }
  } finally {
    await external.stop();
  }
});

it("leaves notifications out when asked to, for the bench's stack without them", {
  timeout: 60_000,
}, async () => {
  const cloud = await startLocalCloud({
    webUrl: "http://localhost:3000",
    stage: "quiet",
    notifications: false,
  });
  try {
    const [author, fan] = [await createUser(cloud.stack), await createUser(cloud.stack)];
    const post = async (content: string) =>
      (await callApi(cloud.stack, "POST", "/dwipps", { token: author.idToken, body: { content } }))
        .json as Dwipp;
    const older = await post("Upvoted, and nobody is told");
    const newer = await post("Posted after it");
    await callApi(cloud.stack, "PUT", `/dwipps/${older.id}/upvote`, { token: fan.idToken });
    // The stream still runs: Top follows the upvote, so its records were delivered...
    const top = await whenIndexed(
      async () => (await callApi(cloud.stack, "GET", "/dwipps/top")).json as Page<Dwipp>,
      (page) => page.items.map((item) => item.id).join() === [older.id, newer.id].join(),
      10_000,
    );
    expect(top.items.map((item) => item.id)).toEqual([older.id, newer.id]);
    // ...and past the time a notification takes with them on, none came.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const inbox = (
      await callApi(cloud.stack, "GET", "/me/notifications", { token: author.idToken })
    ).json as { items: unknown[]; unread: number };
    expect(inbox).toMatchObject({ items: [], unread: 0 });
  } finally {
    await cloud.stop();
  }
});

// The inbox's read state against the local DynamoDB engine, with the clock of the instance that
// writes a notification apart from the clock of the one that marks the inbox read, as two Lambda
// instances' clocks may be: what is read, and the unread count, must not depend on them.
import { randomUUID } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { whenIndexed } from "@dwipper/testing/indexes";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Dwipp from "../dwipp";
import { dynamo, tables } from "../dynamo";
import { inboxStateKey, notificationKey } from "../keys";
import * as Profile from "../profile";
import * as Notification from ".";

const person = (name: string) => ({ id: randomUUID(), name });

afterEach(() => {
  vi.useRealTimers();
});

async function upvoteNotice(dwippId: string, actorId: string) {
  return Notification.notify({
    kind: "upvote",
    dwippId,
    actorId,
    at: new Date().toISOString(),
  });
}

describe("the inbox", () => {
  it("reads what was written before it was marked read, whatever the writer's clock said", async () => {
    const [author, fan] = [person("Author"), person("Fan")];
    await Profile.ensure(author, new Date());
    await Profile.ensure(fan, new Date());
    const first = (await Dwipp.create(author, { content: "Thought in a fast clock" })).dwipp;
    const second = (await Dwipp.create(author, { content: "Thought after reading" })).dwipp;

    // The notifications' instance runs a minute ahead of the one that marks the inbox read.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 60_000 });
    expect(await upvoteNotice(first.id, fan.id)).toBe("made");
    vi.useRealTimers();
    await Notification.markRead(author);

    const read = await whenIndexed(
      () => Notification.list(author, {}),
      (page) => page.items.length === 1,
    );
    expect(read.unread).toBe(0);
    expect(read.items.map((item) => [item.dwipp.id, item.read])).toEqual([[first.id, true]]);

    // Forgetting a read notification leaves the count alone; a new one counts from zero.
    await Notification.forgetDwipp(first.id, author.id);
    expect(await upvoteNotice(second.id, fan.id)).toBe("made");
    const later = await whenIndexed(
      () => Notification.list(author, {}),
      (page) => page.items.length === 1 && page.items[0]?.dwipp.id === second.id,
    );
    expect(later.unread).toBe(1);
    expect(later.items.map((item) => [item.dwipp.id, item.read])).toEqual([[second.id, false]]);
  });

  it("still reads by time the notifications written before readings were counted", async () => {
    const [author, fan] = [person("Author"), person("Fan")];
    const before = (await Dwipp.create(author, { content: "Read long ago" })).dwipp;
    const after = (await Dwipp.create(author, { content: "Not read yet" })).dwipp;
    // As the inbox was left: read until noon, one notification since, counted.
    const written = (dwippId: string, arrivedAt: string) => {
      const key = notificationKey(author.id, dwippId, "upvote", fan.id);
      return dynamo.send(
        new PutCommand({
          TableName: tables.notifications,
          Item: {
            ...key,
            gsi1pk: key.pk,
            gsi1sk: `${arrivedAt}#${key.sk}`,
            kind: "upvote",
            dwippId,
            actorId: fan.id,
            actorName: fan.name,
            actedAt: arrivedAt,
            arrivedAt,
          },
        }),
      );
    };
    await written(before.id, "2026-12-01T11:00:00.000Z");
    await written(after.id, "2026-12-01T13:00:00.000Z");
    await dynamo.send(
      new PutCommand({
        TableName: tables.notifications,
        Item: { ...inboxStateKey(author.id), readUntil: "2026-12-01T12:00:00.000Z", unread: 1 },
      }),
    );

    const page = await whenIndexed(
      () => Notification.list(author, {}),
      (answer) => answer.items.length === 2,
    );
    expect(page.unread).toBe(1);
    expect(page.items.map((item) => [item.dwipp.id, item.read])).toEqual([
      [after.id, false],
      [before.id, true],
    ]);
    // Forgetting the unread one takes it off the count.
    await Notification.forgetDwipp(after.id, author.id);
    expect((await Notification.list(author, {})).unread).toBe(0);
  });
});

// Core refuses bad input itself, whoever calls it, before it reads or writes anything (no table is
// reachable here: a command that got past its checks would fail otherwise than with Invalid).
import { describe, expect, it } from "vitest";
import * as Dwipp from "./dwipp";
import { Invalid } from "./error";
import * as Favorite from "./favorite";
import * as Profile from "./profile";
import { parse } from "./validate";

const actor = { id: "user-1", name: "Ada" };
const id = "0b6f3f7e-5d0a-4d55-9a0e-2f4b1e9c7a11";

describe("core's own checks", () => {
  it.each([
    ["an empty post", () => Dwipp.create(actor, { content: "  " })],
    ["a post that is too long", () => Dwipp.create(actor, { content: "x".repeat(281) })],
    [
      "a post under an id that is not a UUID",
      () => Dwipp.create(actor, { content: "hi", id: "7" }),
    ],
    [
      "a post by someone whose name was changed past the name rule",
      () => Dwipp.create({ ...actor, name: "Ada\u202E" }, { content: "hi" }),
    ],
    ["an edit to control characters", () => Dwipp.edit(actor, id, { content: "\u0007" })],
    ["an edit of a bad id", () => Dwipp.edit(actor, "../x", { content: "hi" })],
    ["a delete of a bad id", () => Dwipp.remove(actor, "")],
    ["an upvote of a bad id", () => Dwipp.setUpvote(actor, "DWIPP#x")],
    ["an upvote taken back from a bad id", () => Dwipp.unsetUpvote(actor, "x")],
    ["a favorite of a bad id", () => Favorite.set(actor, "x")],
    ["a favorite taken back from a bad id", () => Favorite.unset(actor, "x")],
    ["a read of a bad id", () => Dwipp.get(actor, "x")],
  ])("refuses %s with Invalid", async (_, call) => {
    await expect(call()).rejects.toBeInstanceOf(Invalid);
  });
});

describe("what a refusal says", () => {
  const refusal = async (call: () => Promise<unknown>) => {
    const error = await call().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Invalid);
    return (error as Invalid).message;
  };

  it.each([
    [
      "a limit out of range",
      async () => parse(Dwipp.PageQuery, { limit: "0" }),
      "limit: must be a whole number from 1 to 50.",
    ],
    [
      "a window it does not know",
      async () => parse(Dwipp.TopQuery, { window: "month" }),
      "window: must be day, week or all.",
    ],
    [
      "a time that is not one",
      async () => parse(Dwipp.FeedQuery, { since: "yesterday" }),
      "since: must be an ISO 8601 time.",
    ],
    ["an id that is not a UUID", () => Dwipp.get(actor, "x"), "id: must be a UUID."],
    [
      "a person's id that is not one",
      () => Profile.get("x"),
      "id: must be a person's id (a UUID).",
    ],
    [
      "content that is not text",
      () => Dwipp.create(actor, { content: 7 as unknown as string }),
      "content: must be a string.",
    ],
  ])("names the field once, then what is wrong with it: %s", async (_, call, message) => {
    expect(await refusal(call)).toBe(message);
  });
});

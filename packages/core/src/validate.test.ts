// Core refuses bad input itself, whoever calls it, before it reads or writes anything (no table is
// reachable here: a command that got past its checks would fail otherwise than with Invalid).
import { describe, expect, it } from "vitest";
import * as Dwipp from "./dwipp";
import { Invalid } from "./error";
import * as Favorite from "./favorite";

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

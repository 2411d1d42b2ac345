// A profile's name against the local DynamoDB engine: Cognito confirms an account again after a
// password reset, and the trigger brings the name up to date, but not to one the name rule refuses.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as Profile from ".";

describe("a profile's name", () => {
  it("follows a later confirmation's name the rule takes, and keeps its own over one it refuses", async () => {
    const id = randomUUID();
    await Profile.ensure({ id, name: "Ada" }, new Date());
    await Profile.ensure({ id, name: "Ada Lovelace" }, new Date());
    expect((await Profile.get(id)).name).toBe("Ada Lovelace");
    // Changed with Cognito's UpdateUserAttributes, where the pre-sign-up trigger does not run.
    await Profile.ensure({ id, name: "\u202Eecalevol adA" }, new Date());
    expect((await Profile.get(id)).name).toBe("Ada Lovelace");
  });
});

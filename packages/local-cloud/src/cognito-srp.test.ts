// The local SRP server's numbers against the client that signs people in: the SDK's own
// AuthenticationHelper (amazon-cognito-identity-js) must derive the key the server derived, from
// the server's salt and B, with the right password only.
import { SdkSrpClient } from "@dwipper/testing/srp-sign-in";
import * as sdk from "amazon-cognito-identity-js";
import { describe, expect, it } from "vitest";
import { cognitoTimestamp, padHex, srpChallenge, srpSignature } from "./cognito-srp";

// The SDK exports its date helper, though its type declarations do not name it.
const { DateHelper } = sdk as unknown as { DateHelper: new () => { getNowString(): string } };

/** What the server and the SDK's client each derive, the client with the password `typed`. */
async function keys(poolName: string, userId: string, password: string, typed: string) {
  const client = new SdkSrpClient(poolName);
  const challenge = srpChallenge(poolName, userId, password, await client.publicNumber());
  const derived = await client.key(userId, typed, challenge.serverPublic, challenge.salt);
  return { server: challenge.key, client: derived };
}

describe("the local SRP server", () => {
  it("derives the key the SDK's client derives with the right password", async () => {
    for (const password of ["Correct-horse-1", "ünïcødé Pässwörd 9!"]) {
      const { server, client } = await keys("Xy12ab", "a1b2-c3", password, password);
      expect(server).toHaveLength(16);
      expect(client.equals(server)).toBe(true);
    }
  });

  it("derives another with a wrong password, so the signature cannot match", async () => {
    const { server, client } = await keys("Xy12ab", "a1b2-c3", "Correct-horse-1", "wrong");
    expect(client.equals(server)).toBe(false);
    const sign = (key: Buffer) =>
      srpSignature(key, "Xy12ab", "a1b2-c3", "c2VjcmV0", "Sun Dec 6 07:05:09 UTC 2026");
    expect(sign(client).equals(sign(server))).toBe(false);
  });

  it("pads numbers as Cognito hashes them", () => {
    expect(padHex(0x1n)).toBe("01");
    expect(padHex(0x7fn)).toBe("7f");
    expect(padHex(0x80n)).toBe("0080");
    expect(padHex(0xabcn)).toBe("0abc");
  });

  it("reads timestamps as Cognito does, and spells them its own way", () => {
    const now = new DateHelper().getNowString();
    expect(cognitoTimestamp(now)).toBe(now);
    expect(cognitoTimestamp("Sun Dec 6 07:05:09 UTC 2026")).toBe("Sun Dec 6 07:05:09 UTC 2026");
    // Read, but spelt otherwise: a signature over the padded day does not match.
    expect(cognitoTimestamp("Sun Dec 06 07:05:09 UTC 2026")).toBe("Sun Dec 6 07:05:09 UTC 2026");
    expect(cognitoTimestamp("Sun Dec 6 7:5:9 UTC 2026")).toBe("Sun Dec 6 07:05:09 UTC 2026");
    expect(cognitoTimestamp("2026-12-06T07:05:09Z")).toBeUndefined();
    expect(cognitoTimestamp("Mon Feb 12 15:26:37 +05:30 2018")).toBeUndefined();
  });
});

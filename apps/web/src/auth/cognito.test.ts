// A visitor who never signed in must not wait for (or download) the Cognito library before their
// first page asks for the feed: whether there is a session is read from what the library stores.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const library = vi.hoisted(() => ({ loaded: 0, currentUser: null as unknown }));
vi.mock("amazon-cognito-identity-js", () => {
  library.loaded++;
  return {
    CognitoUserPool: class {
      getCurrentUser() {
        return library.currentUser;
      }
    },
  };
});

function storageWith(entries: Record<string, string>) {
  vi.stubGlobal("window", {
    localStorage: { getItem: (key: string) => entries[key] ?? null },
  });
}

beforeEach(() => {
  vi.resetModules();
  library.loaded = 0;
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("currentSession", () => {
  it("answers that there is none without loading the library when nothing is stored", async () => {
    storageWith({});
    const { currentSession } = await import("./cognito");
    expect(await currentSession()).toBeNull();
    expect(library.loaded).toBe(0);
  });

  it("asks the library when it keeps a user's name", async () => {
    const { publicConfig } = await import("@/config/public-config");
    storageWith({
      [`CognitoIdentityServiceProvider.${publicConfig.userPoolClientId}.LastAuthUser`]: "someone",
    });
    const { currentSession } = await import("./cognito");
    // The library finds no user behind the name here, so still no session; but it was asked.
    expect(await currentSession()).toBeNull();
    expect(library.loaded).toBe(1);
  });
});

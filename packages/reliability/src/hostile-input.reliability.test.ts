// Generated hostile input on every route, through the gateway with a real token: whatever the
// body, query string, path id or media type, the answer is never a 5xx, every refusal has the API's
// error shape, and nothing refused is stored. `DWIPPER_FUZZ_RUNS` raises the count (the long suite).
import type { Dwipp, Page } from "@dwipper/core/dwipp/schema";
import { routes } from "@dwipper/functions/routes";
import { whenIndexed } from "@dwipper/testing/indexes";
import { recordResult } from "@dwipper/testing/results";
import { callApi, createUser, type TestUser } from "@dwipper/testing/users";
import fc from "fast-check";
import { beforeAll, expect, inject, it } from "vitest";

const stack = inject("stack");
const runs = Number(process.env.DWIPPER_FUZZ_RUNS ?? 300);

let attacker: TestUser;
let victim: TestUser;
let target: Dwipp;

beforeAll(async () => {
  [attacker, victim] = await Promise.all([
    createUser(stack, "Mallory"),
    createUser(stack, "Victim"),
  ]);
  const posted = await callApi(stack, "POST", "/dwipps", {
    token: victim.idToken,
    body: { content: "Leave me alone" },
  });
  target = posted.json as Dwipp;
});

// Text that has broken programs before: combining marks, right-to-left, zero-width, emoji
// sequences, lone surrogates, control characters, very long runs.
const awkwardText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.constantFrom(
    "e\u0301\u0301\u0301",
    "\u202Eevil\u202C",
    "a\u200Bb\u200Dc\uFEFF",
    "👨‍👩‍👧‍👦🏳️‍🌈🇫🇷",
    "\uD800",
    "x\uDC00y",
    "\u0000\u0007\u001B",
    "\r\n\r\n",
    "x".repeat(281),
    "😀".repeat(281),
    "<script>alert(1)</script>",
  ),
);

const pathId = fc.oneof(
  fc.constant("TARGET"),
  fc.uuid(),
  fc.constantFrom(
    "",
    "not-a-uuid",
    "..",
    "%2e%2e",
    "00000000-0000-0000-0000-000000000000",
    "x".repeat(300),
  ),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
);

const body = fc.oneof(
  // Often well-formed, so what is accepted is counted too: awkward but valid text gets stored.
  fc.record({ content: awkwardText }).map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        content: fc.oneof(awkwardText, fc.integer(), fc.constant(null), fc.array(fc.string())),
        id: fc.oneof(fc.uuid(), fc.string({ maxLength: 50 })),
        upvotes: fc.integer(),
        author: fc.record({ id: fc.string(), name: fc.string() }),
        createdAt: fc.string(),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.constant(""),
);

const query = fc.oneof(
  fc.constant(""),
  fc
    .dictionary(
      fc.constantFrom("limit", "cursor", "sort", "x"),
      fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.integer().map(String),
        fc.constantFrom("0", "51", "-1", "1e3"),
      ),
      { maxKeys: 3 },
    )
    .map((entries) => `?${new URLSearchParams(entries)}`),
);

const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "",
);

function isErrorShape(json: unknown): boolean {
  if (typeof json !== "object" || json === null || !("error" in json)) return false;
  const { error } = json as { error: { code?: unknown; message?: unknown } };
  return typeof error.code === "string" && typeof error.message === "string";
}

it(`never answers 5xx and always refuses in the error shape (${runs} requests)`, {
  timeout: 600_000,
}, async () => {
  let created = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...routes),
      pathId,
      body,
      query,
      contentType,
      async (route, id, rawBody, search, type) => {
        const path = route.path.replace("{id}", id === "TARGET" ? target.id : id);
        const sendsBody = route.method === "POST" || route.method === "PATCH";
        const response = await callApi(stack, route.method, `${path}${search}`, {
          token: attacker.idToken,
          ...(sendsBody ? { rawBody, headers: type ? { "content-type": type } : {} } : {}),
        });
        expect(response.status, `${route.method} ${path}${search} ${rawBody}`).toBeLessThan(500);
        if (response.status >= 400) {
          // The gateway's own answers (no such route) carry its body, as API Gateway's do.
          const fromGateway = response.status === 404 && !isErrorShape(response.json);
          if (!fromGateway) expect(isErrorShape(response.json), response.text).toBe(true);
        }
        if (route.method === "POST" && response.status === 201) created++;
      },
    ),
    { numRuns: runs },
  );

  // Nothing refused was stored: the attacker has exactly the Dwipps that were created (once the
  // index has caught up with the last of them)…
  const countMine = async () => {
    let count = 0;
    let cursor: string | null = null;
    do {
      const page: Page<Dwipp> = (
        await callApi(
          stack,
          "GET",
          `/me/dwipps?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
          { token: attacker.idToken },
        )
      ).json as Page<Dwipp>;
      count += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    return count;
  };
  const mine = await whenIndexed(countMine, (count) => count === created);
  // …and the victim's Dwipp is as it was, whatever was thrown at it.
  const after = await callApi(stack, "GET", `/dwipps/${target.id}`, { token: victim.idToken });
  const intact =
    after.status === 200 &&
    (after.json as Dwipp).content === "Leave me alone" &&
    (after.json as Dwipp).editedAt === null;
  await recordResult({
    test: "hostile input (fast-check, every route)",
    tried: runs,
    passed: runs,
    lostData: Math.abs(mine - created) + (intact ? 0 : 1),
    detail: `no 5xx, every refusal in the error shape; ${created} well-formed posts stored`,
  });
  expect(mine).toBe(created);
  expect(after.status).toBe(200);
  expect((after.json as Dwipp).content).toBe("Leave me alone");
  expect((after.json as Dwipp).editedAt).toBeNull();
});

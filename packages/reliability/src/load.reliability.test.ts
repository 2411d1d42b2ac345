// A mixed workload (feed and list reads, posts, edits, deletes, upvotes, favorites) from many
// people at once for a fixed time, with autocannon. Every request must succeed; afterwards every
// acknowledged write is stored as acknowledged, and a write whose answer never came (the run's end
// cut it off) is either wholly there or not at all.
import { randomUUID } from "node:crypto";
import type { Dwipp } from "@dwipper/core/dwipp/schema";
import { recordResult } from "@dwipper/testing/results";
import { createUsers, type TestUser } from "@dwipper/testing/users";
import autocannon from "autocannon";
import { expect, inject, it } from "vitest";
import { scale } from "./scale";
import { cleanupCaughtUp, countDrift, ledger, postDwipps, send } from "./support";

const stack = inject("stack");

/** What the load did to one of its own Dwipps, as far as its answers tell. */
interface Own {
  content: string;
  created: boolean;
  deleted: boolean;
  /** A write sent whose answer never came: its effect may or may not be stored. */
  pending?: { kind: "create" | "edit" | "delete"; content?: string };
}

interface Connection {
  user?: TestUser;
  first?: string;
  upcoming?: string;
}

type Step = (connection: Connection) => {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  body?: unknown;
  /** Called with the status when the answer comes. */
  answered?: (status: number) => void;
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

it(`serves a mixed workload for ${scale.loadSeconds} s without an error or a lost write`, {
  timeout: 300_000,
}, async () => {
  const [author] = await createUsers(stack, 1, "Pool author");
  if (!author) throw new Error("no author");
  const pool = await postDwipps(
    stack,
    author,
    Array.from({ length: 5 }, (_, i) => `Shared thought ${i}`),
  );
  const people = await createUsers(stack, scale.loadConnections, "Load");
  const own = new Map<string, Own>();
  let nextPerson = 0;
  const shared = () => pool[Math.floor(Math.random() * pool.length)];

  const create =
    (slot: "first" | "second"): Step =>
    (connection) => {
      const id = randomUUID();
      const content = `Load ${slot} ${id.slice(0, 8)}`;
      const entry: Own = {
        content,
        created: false,
        deleted: false,
        pending: { kind: "create", content },
      };
      own.set(id, entry);
      if (slot === "first") connection.first = undefined;
      return {
        method: "POST",
        path: "/dwipps",
        body: { id, content },
        answered: (status) => {
          entry.pending = undefined;
          entry.created = status === 201;
          if (entry.created && slot === "first") connection.first = id;
        },
      };
    };
  const edit: Step = (connection) => {
    const id = connection.first;
    const entry = id ? own.get(id) : undefined;
    if (!id || !entry) return { method: "GET", path: "/me/dwipps" };
    const content = `${entry.content} (edited)`;
    entry.pending = { kind: "edit", content };
    return {
      method: "PATCH",
      path: `/dwipps/${id}`,
      body: { content },
      answered: (status) => {
        entry.pending = undefined;
        if (status === 200) entry.content = content;
      },
    };
  };
  const remove: Step = (connection) => {
    const id = connection.first;
    const entry = id ? own.get(id) : undefined;
    if (!id || !entry) return { method: "GET", path: "/me/favorites" };
    entry.pending = { kind: "delete" };
    return {
      method: "DELETE",
      path: `/dwipps/${id}`,
      answered: (status) => {
        entry.pending = undefined;
        if (status === 204) entry.deleted = true;
      },
    };
  };
  const steps: Step[] = [
    () => ({ method: "GET", path: "/dwipps" }),
    create("first"),
    () => ({ method: "PUT", path: `/dwipps/${shared()}/upvote` }),
    edit,
    () => ({ method: "PUT", path: `/dwipps/${shared()}/favorite` }),
    () => ({ method: "GET", path: "/me/dwipps" }),
    () => ({ method: "DELETE", path: `/dwipps/${shared()}/upvote` }),
    create("second"),
    remove,
    () => ({ method: "DELETE", path: `/dwipps/${shared()}/favorite` }),
  ];

  const answers = new WeakMap<object, ((status: number) => void) | undefined>();
  const latencies: number[] = [];
  let finish: (result: autocannon.Result) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: stack.apiUrl,
      connections: scale.loadConnections,
      duration: scale.loadSeconds,
      timeout: 10,
      requests: steps.map((step) => ({
        setupRequest: (request, context) => {
          const connection = context as Connection;
          connection.user ??= people[nextPerson++ % people.length];
          const planned = step(connection);
          answers.set(context, planned.answered);
          return {
            ...request,
            method: planned.method,
            path: planned.path,
            headers: {
              authorization: `Bearer ${connection.user?.idToken}`,
              ...(planned.body === undefined ? {} : { "content-type": "application/json" }),
            },
            body: planned.body === undefined ? undefined : JSON.stringify(planned.body),
          };
        },
        onResponse: (status, _body, context) => answers.get(context)?.(status),
      })),
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  instance.on("response", (_client, _status, _bytes, responseTime) => {
    latencies.push(responseTime);
  });
  const result = await done;

  // Give writes cut off by the end of the run time to land before looking.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const problems: string[] = [];
  for (const [id, entry] of own) {
    const reply = await send(stack, author, "GET", `/dwipps/${id}`);
    if (typeof reply === "string") throw new Error(`reading was ${reply}`);
    const stored = reply.status === 200 ? (reply.json as Dwipp).content : undefined;
    const allowed = new Set<string | undefined>();
    if (entry.pending?.kind === "create") allowed.add(undefined).add(entry.content);
    else if (!entry.created || entry.deleted) allowed.add(undefined);
    else {
      allowed.add(entry.content);
      if (entry.pending?.kind === "edit") allowed.add(entry.pending.content);
      if (entry.pending?.kind === "delete") allowed.add(undefined);
    }
    if (!allowed.has(stored))
      problems.push(`${id}: stored ${stored}, expected one of ${[...allowed]}`);
  }
  let drift = 0;
  for (const id of pool) drift += countDrift(await ledger(id));

  // What the load set off (the stream's cleanup, Top, the notices) is done before the next test
  // runs on this stack: a backlog left behind would be the next test's wait, not its own.
  const voter = people[0];
  if (!voter) throw new Error("no voter");
  const drained = await cleanupCaughtUp(stack, author, voter, 60_000);
  const behind = `the stream's cleanup caught up ${Math.round(drained.waitedMs / 1000)} s after`;

  const sorted = [...latencies].sort((a, b) => a - b);
  const failures = result.errors + result.timeouts + result.non2xx;
  const ms = (p: number) => `${Math.round(percentile(sorted, p))} ms`;
  const figures = `${Math.round(result.requests.average)} req/s, p50 ${ms(50)}, p95 ${ms(95)}, p99 ${ms(99)}, ${result.connections} clients; ${behind}`;
  console.log(`Load: ${result.requests.total} requests in ${scale.loadSeconds} s; ${figures}`);
  await recordResult({
    test: `load: mixed workload, ${scale.loadSeconds} s`,
    tried: result.requests.total,
    passed: result.requests.total - failures,
    lostData: problems.length + drift,
    detail: figures,
  });
  expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }).toEqual({
    errors: 0,
    timeouts: 0,
    non2xx: 0,
  });
  expect(problems).toEqual([]);
  expect(drift).toBe(0);
  expect([...own.values()].filter((entry) => entry.created).length).toBeGreaterThan(0);
  expect(drained.leftovers).toBe(0);
});

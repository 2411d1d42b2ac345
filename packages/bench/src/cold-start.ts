// P2: a cold start (import and first invocation, in a fresh process) of a bundled function beside
// the baseline's, with where the time went: module evaluation (the import, clients included; the
// client's creation is also measured on its own), the invocation's own work before its first
// request, each request from start to answer (and whether it waited for a new connection), what
// came after the last answer, and how busy the function's thread and the answering one were while
// the requests were out (which of the two a page's wave of requests waits on).
import { execFile } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Server } from "node:net";
import path from "node:path";
import { type EventLoopUtilization, performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { median } from "./stats";

const run = promisify(execFile);
const probe = path.join(import.meta.dirname, "cold-start-probe.mjs");

/** Of a stretch of time, ms: how much a thread ran, and how long the stretch was. */
interface Busy {
  active: number;
  total: number;
}

interface Probe {
  imported: number;
  invoked: number;
  requests: { what: string; start: number; end: number }[];
  sockets: { opened: number; connected: number }[];
  /** The function's thread, from its first request to its last answer. */
  busy?: Busy;
  /** The thread that answered (the TLS front and the engine), from its first connection to its last answer. */
  serverBusy?: Busy;
  /** The handler's answer's body. */
  body?: string;
}

export interface ColdStart {
  /** Import and first invocation, ms: the figure P2 compares (the median of the runs). */
  total: number;
  /** Each run's import and first invocation, ms, for how far the median could move by chance. */
  totals: number[];
  /** Module evaluation, clients included. */
  imported: number;
  /** From the handler's call to its first request. */
  beforeFirstRequest: number;
  /** Each request, in the order they started: its start and answer after the handler was called. */
  requests: { what: string; start: number; end: number }[];
  /** From the last answer to the handler's return (serializing, logging, metrics). */
  afterLastAnswer: number;
  /** Connections the invocation opened, and the slowest of them to connect. */
  connections: number;
  slowestConnectMs: number;
  /** How long the function's thread ran from its first request to its last answer, of how long. */
  busy?: Busy;
  /** The same for the thread that answered, from its first connection to its last answer. */
  serverBusy?: Busy;
}

/**
 * How busy `server`'s thread (the bench's: the TLS front and the engine behind it) is while it
 * serves one cold start, from the first connection to the last answer.
 */
function watchServer(server: Server | undefined): () => Busy | undefined {
  if (!server) return () => undefined;
  let first: EventLoopUtilization | undefined;
  let last: EventLoopUtilization | undefined;
  const connected = () => {
    first ??= performance.eventLoopUtilization();
  };
  const answered = (_: IncomingMessage, response: ServerResponse) => {
    response.once("finish", () => {
      last = performance.eventLoopUtilization();
    });
  };
  server.on("connection", connected);
  server.on("request", answered);
  return () => {
    server.off("connection", connected);
    server.off("request", answered);
    if (!first || !last) return undefined;
    const { active, idle } = performance.eventLoopUtilization(last, first);
    return { active, total: active + idle };
  };
}

async function once(
  file: string,
  event: unknown,
  env: NodeJS.ProcessEnv,
  server?: Server,
): Promise<Probe> {
  // Logging as on AWS (a JSON line and metrics for the request), so their cost is in the figure.
  const { POWERTOOLS_METRICS_DISABLED: _, POWERTOOLS_DEV: __, ...rest } = env;
  const serverBusy = watchServer(server);
  const { stdout } = await run(process.execPath, [probe, file, JSON.stringify(event)], {
    env: { ...rest, POWERTOOLS_LOG_LEVEL: "INFO" },
  });
  const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Probe;
  return { ...result, serverBusy: serverBusy() };
}

/** Each part's median over the runs that have it. */
function medianBusy(runs: (Busy | undefined)[]): Busy | undefined {
  const known = runs.filter((busy): busy is Busy => busy !== undefined);
  if (known.length === 0) return undefined;
  return {
    active: median(known.map((busy) => busy.active)),
    total: median(known.map((busy) => busy.total)),
  };
}

/** The median of each phase over the runs (each phase's own median, so they need not add up). */
function summarize(runs: Probe[]): ColdStart {
  const phase = (of: (run: Probe) => number) => median(runs.map(of));
  const count = median(runs.map((run) => run.requests.length));
  const requests = Array.from({ length: count }, (_, n) => ({
    what: runs[0]?.requests[n]?.what ?? "?",
    start: phase((run) => (run.requests[n]?.start ?? Number.NaN) - run.imported),
    end: phase((run) => (run.requests[n]?.end ?? Number.NaN) - run.imported),
  }));
  return {
    total: phase((run) => run.invoked),
    totals: runs.map((run) => run.invoked),
    imported: phase((run) => run.imported),
    beforeFirstRequest: phase((run) => (run.requests[0]?.start ?? run.invoked) - run.imported),
    requests,
    afterLastAnswer: phase(
      (run) => run.invoked - Math.max(run.imported, ...run.requests.map((request) => request.end)),
    ),
    connections: median(runs.map((run) => run.sockets.length)),
    slowestConnectMs: phase((run) =>
      Math.max(0, ...run.sockets.map((socket) => socket.connected - socket.opened)),
    ),
    busy: medianBusy(runs.map((run) => run.busy)),
    serverBusy: medianBusy(runs.map((run) => run.serverBusy)),
  };
}

/** `runs` cold starts of each, taking turns so a busy moment on the machine weighs on both. */
export async function measureColdStarts(
  subjects: { file: string; event: unknown }[],
  env: NodeJS.ProcessEnv,
  runs: number,
  /** The server the functions' requests reach, in this process, whose busy time is measured too. */
  server?: Server,
): Promise<ColdStart[]> {
  const probes: Probe[][] = subjects.map(() => []);
  for (let n = 0; n < runs; n++) {
    for (const [index, subject] of subjects.entries()) {
      probes[index]?.push(await once(subject.file, subject.event, env, server));
    }
  }
  return probes.map(summarize);
}

/**
 * Creating the functions' DynamoDB client in a fresh process, ms (the median of `runs`): a part of
 * every function's module evaluation, measured by a module that creates it as core does and times
 * only that (`client-creation-handler.ts`, bundled as the functions are).
 */
export async function measureClientCreation(
  file: string,
  env: NodeJS.ProcessEnv,
  runs: number,
): Promise<number> {
  const times: number[] = [];
  for (let n = 0; n < runs; n++) {
    const { body } = await once(file, {}, env);
    times.push((JSON.parse(body ?? "{}") as { creationMs: number }).creationMs);
  }
  return median(times);
}

/** The breakdown as a few lines of text, for the bench's output. */
export function describeColdStart(name: string, cold: ColdStart): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const lines = [
    `${name}: ${ms(cold.total)} in all; module evaluation ${ms(cold.imported)}; then ${ms(cold.beforeFirstRequest)} to the first request`,
    ...cold.requests.map(
      (request) => `  ${request.what}: ${ms(request.start)} → ${ms(request.end)} after the call`,
    ),
    `  ${cold.connections} new connection(s), the slowest connected in ${ms(cold.slowestConnectMs)}; ${ms(cold.afterLastAnswer)} from the last answer to the return`,
  ];
  const share = (busy: Busy) => `${ms(busy.active)} of ${ms(busy.total)}`;
  if (cold.busy) {
    lines.push(
      `  busy from the first request to the last answer: the function's thread ${share(cold.busy)}${cold.serverBusy ? `; the answering side's (TLS and engine, one thread) ${share(cold.serverBusy)}` : ""}`,
    );
  }
  return lines.join("\n");
}

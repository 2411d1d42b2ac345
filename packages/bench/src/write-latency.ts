// P3 for writes: an upvote's and a favorite's latency through the local API (gateway, JWT check,
// function, DynamoDB), in the stack as it is and beside it in the same stack without notifications,
// which are made off the request path and so should cost an upvote nothing it waits for. Each stack
// runs in a process of its own; they take turns request by request, and after each turn the work
// the requests set off is given time to finish, as on AWS it runs on machines of its own.
import { type CloudProcess, startCloudProcess } from "@dwipper/local-cloud/cloud-process";
import { callApi, createUser } from "@dwipper/testing/users";
import { benchBudgets, benchThrottle } from "./bench-stage";
import { untilQuiet } from "./quiet";

/** A bench stage with notifications or, as the stack was before them, without. */
function startStack(notifications: boolean): Promise<CloudProcess> {
  return startCloudProcess(
    {
      webUrl: "http://localhost:3000",
      stage: notifications ? "bench-notify" : "bench-quiet",
      notifications,
      apiThrottle: benchThrottle,
      // The local cloud delivers a quarter of stream batches and notices twice, to catch a
      // subscriber that is not idempotent; AWS rarely does, and runs it on machines of its own.
      // Here that extra work would fall on the stack with notifications alone, in the pause that
      // is meant to let its own work finish, and so on the comparison.
      duplicateRate: 0,
      // The topic's random wait before each delivery (up to 200 ms, so that notices overtake one
      // another) would stretch what a request sets off past the pause below, onto the next timed
      // request; when a notice arrives is no part of the request's latency.
      topicJitterMs: 0,
    },
    benchBudgets,
  );
}

/**
 * The pause after each turn (an upvote on both stacks, or a favorite), ms: the stream is polled
 * every 250 ms (as Lambda polls one, four times a second), and what a poll finds (the ranking, a
 * notice, its notification) takes a few tens of milliseconds more. Without it a request met, now
 * and then, the work the one before set off in its own stack's process: the engine there serves
 * the notifications function and the request alike, where on AWS they run apart. That weighed on
 * the stack with notifications alone: measured back to back, its medians read 1.01x–1.12x (p95s
 * 1.04x–1.08x); with the pause, 0.98x–1.01x. The pause came once after an upvote and a favorite
 * together, so an upvote's notice could still land on the favorite timed right after it, and a
 * notice's random wait at the topic could carry it past the pause: the p95s read up to 1.25x.
 */
const SET_OFF_MS = 350;

export interface WriteLatency {
  upvote: number[];
  favorite: number[];
}

/** Times `rounds` × `perRound` upvotes and favorites on each stack, each on a Dwipp of its own. */
export async function measureWriteLatency(
  rounds: number,
  perRound: number,
): Promise<{ withNotifications: WriteLatency; without: WriteLatency }> {
  const stacks = await Promise.all([startStack(true), startStack(false)]);
  try {
    const subjects = await Promise.all(
      stacks.map(async ({ stack }) => {
        const [author, reader] = [await createUser(stack, "Author"), await createUser(stack)];
        const ids: string[] = [];
        for (let n = 0; n < rounds * perRound; n++) {
          const answer = await callApi(stack, "POST", "/dwipps", {
            token: author.idToken,
            body: { content: `Something to upvote, number ${n}` },
          });
          ids.push((answer.json as { id: string }).id);
        }
        return { stack, reader, ids, times: { upvote: [], favorite: [] } as WriteLatency };
      }),
    );
    await untilQuiet();
    // The two stacks take turns request by request (which goes first alternates), so whatever the
    // machine is doing — the stream's subscriber and the notifications of the stack that has them
    // run on the same two cores — weighs on both alike, and a difference is the request path's own.
    for (let round = 0; round < rounds; round++) {
      for (let n = round * perRound; n < (round + 1) * perRound; n++) {
        for (const kind of ["upvote", "favorite"] as const) {
          const order = n % 2 === 0 ? subjects : [...subjects].reverse();
          for (const subject of order) {
            const started = performance.now();
            const answer = await callApi(
              subject.stack,
              "PUT",
              `/dwipps/${subject.ids[n]}/${kind}`,
              {
                token: subject.reader.idToken,
              },
            );
            subject.times[kind].push(performance.now() - started);
            if (answer.status !== 200) throw new Error(`${kind} answered ${answer.status}`);
          }
          await new Promise((resolve) => setTimeout(resolve, SET_OFF_MS));
        }
      }
      await untilQuiet();
    }
    const [withNotifications, without] = subjects.map((subject) => subject.times);
    if (!withNotifications || !without) throw new Error("A bench stack measured nothing.");
    return { withNotifications, without };
  } finally {
    await Promise.all(stacks.map((running) => running.stop()));
  }
}

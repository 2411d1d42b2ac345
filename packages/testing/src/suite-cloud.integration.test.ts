// Holds that the integration suite's own cloud is as weak as AWS where the suite's other tests
// count on it (ADR 0065): a read right after a write misses it through an index and when not
// consistent, and the Dwipps' stream is spread over several shards. Those tests pass on a kinder
// cloud too, so without this a setting in the shell that made the suite's cloud kinder would make
// every one of them prove less, unseen.
import { STREAM_SHARDS } from "@dwipper/dynamodb-engine/aws-limits";
import { expect, inject, it } from "vitest";
import { openStreamShards, readsRightAfterAWrite } from "./suite-cloud";

const stack = inject("stack");

it("misses a write right after it through an index and an eventually consistent read, as AWS may", async () => {
  expect(await readsRightAfterAWrite(stack)).toEqual({
    consistent: true,
    eventual: false,
    indexed: false,
    caughtUp: true,
  });
});

it("writes the Dwipps' changes to a stream of several shards at once", async () => {
  expect(await openStreamShards(stack)).toBe(STREAM_SHARDS);
});

// Holds that the integration suite's own cloud is as weak as AWS where the suite's other tests count
// on it: a read right after a write misses it through an index and when not consistent. Those tests
// pass on a kinder engine too (they wait for the indexes either way), so without this a setting that
// turned the lag off for the suite would make every one of them prove less, unseen.
import { expect, inject, it } from "vitest";
import { readsRightAfterAWrite } from "./read-lag";

it("misses a write right after it through an index and an eventually consistent read, as AWS may", async () => {
  expect(await readsRightAfterAWrite(inject("stack"))).toEqual({
    consistent: true,
    eventual: false,
    indexed: false,
    caughtUp: true,
  });
});

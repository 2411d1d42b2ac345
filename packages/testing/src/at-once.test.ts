// The runner the type checks and `npm run test:beside` share must name every job that failed, and
// only those, once all have ended: a failure it missed would let a red check pass.
import { describe, expect, it, vi } from "vitest";
import { runAtOnce } from "./at-once";

describe("runAtOnce", () => {
  it("names the jobs that failed, once every job has ended, each one's output printed whole", async () => {
    const printed: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    const node = (script: string) => ({ command: process.execPath, args: ["-e", script] });
    // The unit suite's files share a worker (ADR 0047): stdout is given back however this ends.
    const failed = await runAtOnce([
      { name: "passes", ...node("console.log('one'); console.log('two')") },
      { name: "fails", ...node("console.error('no'); process.exit(3)") },
      { name: "fails later", ...node("setTimeout(() => process.exit(1), 200)") },
    ]).finally(() => vi.restoreAllMocks());
    expect(failed).toEqual(["fails", "fails later"]);
    expect(printed).toContain("passes\none\ntwo\n");
    expect(printed).toContain("fails\nno\n");
  });
});

// `npm run test:beside`: the integration suite and the end-to-end suite at once, each against a
// stack of its own on the same machine. A test must finish well within its timeout even while
// another stack runs beside it; run one suite at a time, as CI does, and a test that holds only on
// a quiet machine passes unseen. Run this way, a hundred voters on one Dwipp once held the routes
// past their timeout (ADR 0061). About five minutes here; not part of `npm test`, which keeps to ten.
import { runAtOnce } from "./at-once";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const failed = await runAtOnce([
  { name: "npm run test:integration", command: npm, args: ["run", "test:integration"] },
  { name: "npm run test:e2e", command: npm, args: ["run", "test:e2e"] },
]);
if (failed.length > 0) {
  console.error(`Failed beside another stack: ${failed.join(", ")}`);
  process.exit(1);
}
console.log("Both suites passed beside each other.");

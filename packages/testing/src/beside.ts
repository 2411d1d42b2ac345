// `npm run test:beside`, the last step of `npm test` (ADR 0062): the integration suite and the
// end-to-end suite at once, each against a stack of its own on the same machine. A test must
// finish well within its timeout even while another stack runs beside it; run one suite at a time
// and a test that holds only on a quiet machine passes unseen (run this way, a hundred voters on
// one Dwipp once held the routes past their timeout, ADR 0061).
import { exitIfAnyFailed, runAtOnce } from "./at-once";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
console.log("The integration and e2e suites, at once: each one's output follows when it ends.");
const failed = await runAtOnce([
  { name: "npm run test:integration", command: npm, args: ["run", "test:integration"] },
  { name: "npm run test:e2e", command: npm, args: ["run", "test:e2e"] },
]);
exitIfAnyFailed(failed, "Failed beside another stack");
console.log("Both suites passed beside each other.");

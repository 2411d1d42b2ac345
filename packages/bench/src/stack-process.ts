// A local cloud in a process of its own (its functions run in that process, with its environment),
// so the bench can run two stacks side by side: prints the stack's description as one JSON line,
// then runs until its input closes. `--without-notifications`: the stack as it was before them.
import "@dwipper/local-cloud/quiet-sdk-notices";
import { startLocalCloud } from "@dwipper/local-cloud/local-cloud";
import { benchThrottle, useBenchBudgets } from "./bench-stage";

useBenchBudgets();
const notifications = !process.argv.includes("--without-notifications");
const cloud = await startLocalCloud({
  webUrl: "http://localhost:3000",
  stage: notifications ? "bench-notify" : "bench-quiet",
  notifications,
  apiThrottle: benchThrottle,
});
console.log(JSON.stringify(cloud.stack));
process.stdin.resume();
process.stdin.on("end", () => {
  void cloud.stop().then(() => process.exit(0));
});

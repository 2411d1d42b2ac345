// The child side of cloud-process.ts: starts a local cloud with the options in its first argument,
// describes it on its description pipe, and stops it when its standard input closes (its parent
// stopped it, or is gone).
import "./quiet-sdk-notices";
import { writeSync } from "node:fs";
import type { CloudDescription } from "./cloud-process";
import { DESCRIPTION_FD } from "./cloud-process";
import { type LocalCloudOptions, startLocalCloud } from "./local-cloud";

// Stack traces as a deployed function writes them: Lambda maps none to the source unless asked
// (the stack does not ask). tsx, which runs this file, turns the mapping on, and every error's
// stack would then be mapped through the bundles' source maps: the reliability suite's load test,
// run against a cloud in such a process (its maps then inline), served 73 requests a second that
// way, 86–125 without.
process.setSourceMapsEnabled(false);
const options = JSON.parse(process.argv[2] ?? "{}") as LocalCloudOptions;
const cloud = await startLocalCloud(options);

process.stdin.once("end", () => void cloud.stop().then(() => process.exit(0)));
process.stdin.resume();

const description: CloudDescription = {
  stack: cloud.stack,
  resourceEnvironment: cloud.resourceEnvironment,
};
writeSync(DESCRIPTION_FD, `${JSON.stringify(description)}\n`);

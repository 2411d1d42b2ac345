// The exported pages' first script: scripts/early-reads.ts bundles it on its own and puts it,
// async, at the top of the head of every page that opens with reads. It asks for those reads as
// soon as it has loaded, while the framework's scripts are still on their way; the app then takes
// the answers, and asks them itself only where this did not run first (in `next dev`, say).
import { askOpeningReads } from "@/api/opening-reads";

askOpeningReads(window.location);

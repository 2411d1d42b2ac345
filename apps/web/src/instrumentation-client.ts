// Runs once per page load, after the framework's scripts and before React hydrates the page (Next's
// instrumentation-client convention): the page's first reads start here (opening-reads.ts) unless
// the early script (early-reads.ts) asked them already, and a navigation drops those not taken.
import { forgetAhead } from "@/api/api-client";
import { askOpeningReads } from "@/api/opening-reads";

askOpeningReads(window.location);

export function onRouterTransitionStart(): void {
  forgetAhead();
}

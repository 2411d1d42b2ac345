// How big a reliability run is: `npm run test:reliability` is the full run (DWIPPER_RELIABILITY=
// full, under 10 minutes); `npm test` runs the same tests smaller.
export const fullRun = process.env.DWIPPER_RELIABILITY === "full";

export const scale = fullRun
  ? { concurrentUsers: 200, opsPerUser: 12, loadSeconds: 60, loadConnections: 32, outageSeconds: 4 }
  : { concurrentUsers: 40, opsPerUser: 6, loadSeconds: 8, loadConnections: 8, outageSeconds: 2 };

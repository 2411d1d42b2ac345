// Preloaded (`--import`) into `next dev` by dev-stack.ts. The dev server runs in a process group of
// its own, so that a Ctrl-C reaches `npm run dev` alone, which stops it in order; but a parent that
// crashed or was killed never stops it, and it would serve on, unseen. This ends its group once the
// parent that started it is gone. Plain JavaScript: it runs before anything else is loaded.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid === parent) return;
  try {
    // The group the dev server leads: the server and the workers it started.
    process.kill(-process.pid, "SIGTERM");
  } catch {
    // Not a group's leader (a worker that inherited this preload): itself alone.
    process.exit(0);
  }
}, 1_000).unref();

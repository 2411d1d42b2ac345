// One cold start, in a fresh Node process as Lambda gives a new container: imports a bundled
// handler, invokes it once and prints, as one JSON line, when each phase ended and when each HTTP
// request of the invocation started, got its connection (over TLS, its handshake done) and was
// answered (from Node's own diagnostics channels, so the bundle is measured as it is), and how much
// of the time from its first request to its last answer its one thread was busy rather than
// waiting. Plain JavaScript, so that nothing but the bundle is loaded.
import { subscribe } from "node:diagnostics_channel";
import { pathToFileURL } from "node:url";

const started = performance.now();
const at = () => performance.now() - started;
const requests = new Map();
const sockets = [];
/** The thread's use at the first request and at the latest answer. */
let firstSent;
let lastAnswered;

subscribe("http.client.request.start", ({ request }) => {
  firstSent ??= performance.eventLoopUtilization();
  // A connection the request waits for: opened now, ready once connected (over TLS, once the
  // handshake is done). One already open is reused and not counted.
  const track = (socket) => {
    if (!socket.connecting) return;
    const entry = { opened: at(), connected: Number.NaN };
    sockets.push(entry);
    socket.once(socket.encrypted ? "secureConnect" : "connect", () => {
      entry.connected = at();
    });
  };
  if (request.socket) track(request.socket);
  else request.once("socket", track);
  const target = request.getHeader("x-amz-target");
  requests.set(request, {
    what:
      typeof target === "string" ? target.split(".").at(-1) : `${request.method} ${request.path}`,
    start: at(),
    end: Number.NaN,
  });
});
subscribe("http.client.response.finish", ({ request }) => {
  const entry = requests.get(request);
  if (entry) {
    entry.end = at();
    lastAnswered = performance.eventLoopUtilization();
  }
});

/** Of the time between two readings of the thread's use, ms: how much it ran, and how long in all. */
function busyBetween(from, to) {
  if (!from || !to) return undefined;
  const { active, idle } = performance.eventLoopUtilization(to, from);
  return { active, total: active + idle };
}

const [file, eventJson] = process.argv.slice(2);
const module = await import(pathToFileURL(file).href);
const imported = at();
const response = await module.handler(JSON.parse(eventJson), {});
const invoked = at();
if (response.statusCode !== 200) throw new Error(`The handler answered ${response.statusCode}.`);
console.log(
  JSON.stringify({
    imported,
    invoked,
    requests: [...requests.values()],
    sockets,
    busy: busyBetween(firstSent, lastAnswered),
    body: response.body,
  }),
);

// One cold start, in a fresh Node process as Lambda gives a new container: imports a bundled
// handler, invokes it once and prints, as one JSON line, when each phase ended and when each HTTP
// request of the invocation started, got its connection (over TLS, its handshake done) and was
// answered (from Node's own diagnostics channels, so the bundle is measured as it is). Plain
// JavaScript, so that nothing but the bundle is loaded.
import { subscribe } from "node:diagnostics_channel";
import { pathToFileURL } from "node:url";

const started = performance.now();
const at = () => performance.now() - started;
const requests = new Map();
const sockets = [];

subscribe("http.client.request.start", ({ request }) => {
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
  if (entry) entry.end = at();
});

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
    body: response.body,
  }),
);

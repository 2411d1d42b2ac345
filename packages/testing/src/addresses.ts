// What a neighbour on the developer's network would reach: this machine's other addresses, and
// whether a port answers on one. The loopback tests of every local server use it.
import { connect } from "node:net";
import { networkInterfaces } from "node:os";

/** This machine's addresses other than loopback (link-local IPv6 needs a zone: left out). */
export const outwardAddresses: string[] = Object.values(networkInterfaces())
  .flat()
  .filter((entry) => entry !== undefined && !entry.internal && !entry.address.startsWith("fe80"))
  .map((entry) => entry?.address ?? "");

/** Whether something accepts a connection on `host`:`port` within two seconds. */
export function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

// Several stacks started at once each get ports of their own, held from choice to listen: every
// server chooses its port when it listens and is asked for it afterwards, so a web app never finds
// its port taken by another stack's gateway, engine or pool (as once happened to the e2e run).
import { restoreEnvironmentAfterAll } from "@dwipper/testing/cloud-of-its-own";
import { expect, it } from "vitest";
import { type LocalCloud, startLocalCloud } from "../local-cloud";
import { type DevStack, nextPortIn, showsWebLine, startDevStack } from "./dev-stack";

restoreEnvironmentAfterAll();

const portOf = (url: string) => Number(new URL(url).port);

it("reads the port Next.js chose from its own words", () => {
  expect(nextPortIn("   - Local:         http://localhost:43117")).toBe(43117);
  expect(nextPortIn("✓ Ready in 3.3s")).toBeUndefined();
});

it("shows Next.js's output but the addresses of the server behind the front", () => {
  expect(showsWebLine("   - Local:         http://localhost:43117")).toBe(false);
  expect(showsWebLine("- Network:       http://localhost:43117")).toBe(false);
  expect(showsWebLine("   ")).toBe(false);
  expect(showsWebLine("\x1b[?25h")).toBe(false);
  expect(showsWebLine("\x1b[32m✓\x1b[39m Compiled")).toBe(true);
  expect(showsWebLine("✓ Ready in 380ms")).toBe(true);
  expect(showsWebLine(" GET /login/ 200 in 333ms")).toBe(true);
});

it("starts a dev stack and three local clouds at once, each on ports of its own", {
  timeout: 150_000,
}, async () => {
  const devStacks: DevStack[] = [];
  const clouds: LocalCloud[] = [];
  try {
    const started = await Promise.allSettled([
      ...["a", "b"].map((name) =>
        startDevStack({ nextDistDir: `.next-ports-${name}`, onWebOutput: () => {} }).then((stack) =>
          devStacks.push(stack),
        ),
      ),
      ...[1, 2, 3].map(() =>
        startLocalCloud({ webUrl: "http://localhost:3000" }).then((cloud) => clouds.push(cloud)),
      ),
    ]);
    expect(started.filter((result) => result.status === "rejected")).toEqual([]);

    const stacks = [...devStacks.map((dev) => dev.cloud.stack), ...clouds.map((c) => c.stack)];
    const ports = stacks.flatMap((stack) => [
      portOf(stack.apiUrl),
      portOf(stack.cognito.endpoint),
      portOf(stack.dynamodb.endpoint),
    ]);
    ports.push(...devStacks.map((dev) => portOf(dev.cloud.stack.webUrl)));
    expect(new Set(ports).size).toBe(ports.length);

    // The web app serves its own pages, which point at its own API, with the development form of
    // the security headers.
    for (const dev of devStacks) {
      const page = await fetch(new URL("/login/", dev.cloud.stack.webUrl));
      expect(page.status).toBe(200);
      const policy = page.headers.get("content-security-policy") ?? "";
      expect(policy).toContain(`connect-src 'self' ${new URL(dev.cloud.stack.apiUrl).origin}`);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    }
    // Each API answers as itself: it refuses a request without a token, and admits its own web app.
    for (const stack of stacks) {
      const answer = await fetch(new URL("/me/dwipps", stack.apiUrl));
      expect(answer.status).toBe(401);
      const preflight = await fetch(new URL("/me/dwipps", stack.apiUrl), {
        method: "OPTIONS",
        headers: { origin: stack.webUrl, "access-control-request-method": "GET" },
      });
      expect(preflight.headers.get("access-control-allow-origin")).toBe(stack.webUrl);
    }
  } finally {
    await Promise.all([...devStacks, ...clouds].map((running) => running.stop()));
  }
});

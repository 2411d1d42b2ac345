// Holds which files of the static export a browser may keep without asking again (ADR 0052).
import { describe, expect, it } from "vitest";
import { cacheControlOf, IMMUTABLE, PAGE, REVALIDATED } from "./cache-control";

describe("cacheControlOf", () => {
  it("keeps for a year only the build's assets, which are named by their content", () => {
    expect(cacheControlOf("_next/static/chunks/0kpuv31d-g_ho.js")).toBe(IMMUTABLE);
    expect(cacheControlOf("_next/static/inline/1c2312c422a4790d692e.js")).toBe(IMMUTABLE);
    expect(cacheControlOf("_next/static/chunks/1-aaogjwmcklb.css")).toBe(IMMUTABLE);
  });

  it("stores no page", () => {
    expect(cacheControlOf("index.html")).toBe(PAGE);
    expect(cacheControlOf("user/index.html")).toBe(PAGE);
    expect(cacheControlOf("404.html")).toBe(PAGE);
  });

  it("asks again about every file that keeps its name from one build to the next", () => {
    for (const key of [
      "index.txt",
      "__next._tree.txt",
      "register/__next._tree.txt",
      "register/__next.register.__PAGE__.txt",
      "icon.svg",
      "robots.txt",
    ]) {
      expect(cacheControlOf(key), key).toBe(REVALIDATED);
    }
    expect(REVALIDATED).toMatch(/max-age=0/);
    expect(REVALIDATED).toMatch(/must-revalidate/);
  });
});

// Holds the build step that moves inline scripts into files, so the CSP can forbid inline script.

import { describe, expect, it } from "vitest";
import { externalizeInlineScripts } from "./inline-scripts";

describe("externalizeInlineScripts", () => {
  it("moves each inline script into a file loaded in its place, in order", () => {
    const html =
      '<head><script src="/a.js" async=""></script><script id="_R_">one()</script></head>' +
      "<body><script>two()</script><script>three()</script></body>";
    const { html: out, files } = externalizeInlineScripts(html);
    expect(files.map((file) => file.body)).toEqual(["one()", "two()", "three()"]);
    expect(out).not.toMatch(/<script[^>]*>[^<]+<\/script>/);
    expect(out).toContain('<script src="/a.js" async=""></script>');
    const sources = [...out.matchAll(/src="(\/_next\/static\/inline\/[^"]+)"/g)].map((m) => m[1]);
    expect(sources).toEqual(files.map((file) => file.path));
    expect(out).toContain(`<script id="_R_" src="${files[0]?.path}"></script>`);
  });

  it("names files by their content, so the same script is one file", () => {
    const { files } = externalizeInlineScripts("<script>same()</script><script>same()</script>");
    expect(files[0]?.path).toBe(files[1]?.path);
  });

  it("leaves data blocks alone", () => {
    const html = '<script type="application/json">{"a":1}</script>';
    expect(externalizeInlineScripts(html)).toEqual({ html, files: [] });
  });
});

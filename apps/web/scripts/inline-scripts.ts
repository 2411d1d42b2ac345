// Next.js writes a few small inline scripts into every exported page. A Content Security Policy
// of `script-src 'self'` forbids inline scripts, so after the build each one moves into a file of
// its own (named by its content's hash) that the page loads in its place, in the same order.
import { createHash } from "node:crypto";

export interface Externalized {
  html: string;
  files: { path: string; body: string }[];
}

const inlineScript = /<script((?:\s+[\w-]+(?:="[^"]*")?)*)\s*>([\s\S]*?)<\/script>/g;

export function externalizeInlineScripts(
  html: string,
  publicDir = "/_next/static/inline",
): Externalized {
  const files: Externalized["files"] = [];
  const rewritten = html.replace(inlineScript, (whole, attributes: string, body: string) => {
    // Scripts that load a file, or carry data rather than code, are left as they are.
    if (/\ssrc=/.test(attributes) || body.trim() === "") return whole;
    const type = /\stype="([^"]*)"/.exec(attributes)?.[1];
    if (type && !/^(text|application)\/javascript$|^module$/.test(type)) return whole;
    const name = `${createHash("sha256").update(body).digest("hex").slice(0, 20)}.js`;
    files.push({ path: `${publicDir}/${name}`, body });
    return `<script${attributes} src="${publicDir}/${name}"></script>`;
  });
  return { html: rewritten, files };
}

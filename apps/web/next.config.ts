// How Next.js builds the web app: a static export, served as files (ADR 0014).

import type { NextConfig } from "next";

const config: NextConfig = {
  // A static site: served from S3 + CloudFront in AWS, nothing to cold-start (docs/decisions).
  output: "export",
  // A second dev server (the e2e suite's) must not share build files with `npm run dev`'s.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  trailingSlash: true,
  images: { unoptimized: true },
  // Pages only the local cloud has (`*.local.tsx`: the mailbox) are built only against it, which
  // gives the build its mailbox; a deploy's build has none, and so no such page.
  pageExtensions: process.env.NEXT_PUBLIC_MAILBOX_URL ? ["tsx", "ts", "local.tsx"] : ["tsx", "ts"],
  // Shared schemas and counting rules come from packages/core as TypeScript source.
  transpilePackages: ["@dwipper/core", "@dwipper/site"],
  reactStrictMode: true,
  poweredByHeader: false,
  // Security headers are added where the site is served: CloudFront in AWS, and locally the
  // local cloud's front for the dev server (@dwipper/site's security-headers.ts).
};

export default config;

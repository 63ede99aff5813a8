import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages Next should load from node_modules rather than bundle.
  serverExternalPackages: ["bullmq", "ioredis", "pg", "@prisma/adapter-pg", "nodemailer", "cheerio", "@prisma/prisma-schema-wasm"],
  // Lets parallel builds (e.g. several developers' test runs on one machine) use separate folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` runs `tsc --noEmit` over the whole project (tests and workers included) as its own
  // step, so the build does not type-check a second time.
  typescript: { ignoreBuildErrors: true },
  // Requests that pass through proxy.ts have their body buffered, and Next cuts it at 10 MB without a word: a
  // 12 MB CSV upload (the import takes up to 20 MB) reached the route as truncated JSON. Raised to the largest
  // body a proxied route accepts (MAX_CSV_UPLOAD_BYTES, 24 MB); each route still enforces its own limit.
  experimental: { proxyClientMaxBodySize: "24mb" },
};
export default nextConfig;

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
};
export default nextConfig;

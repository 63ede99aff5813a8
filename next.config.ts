import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages Next should load from node_modules rather than bundle.
  serverExternalPackages: ["bullmq", "ioredis", "pg", "@prisma/adapter-pg", "nodemailer", "cheerio", "@prisma/prisma-schema-wasm"],
  poweredByHeader: false,
  typedRoutes: false,
};
export default nextConfig;

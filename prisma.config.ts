import { defineConfig } from "prisma/config";

// The CLI reads the URL from here (Prisma 7). Only `prisma generate` is used in this project's
// scripts; SQL migrations are applied by scripts/db-migrate.ts so that no native engine is needed.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/breakeven" },
});

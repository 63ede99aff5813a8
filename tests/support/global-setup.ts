import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { dropDatabase, ensureDatabase, migrate } from "../../lib/db/migrate.ts";

// Each test run gets its own database (created, migrated, dropped) and its own Redis key prefix,
// so runs never touch the demo's data or each other's.
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    queuePrefix: string;
    adminDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const suffix = `${process.pid}_${randomBytes(3).toString("hex")}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/breakeven_test_${suffix}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  project.provide("databaseUrl", databaseUrl);
  project.provide("adminDatabaseUrl", ADMIN_URL);
  project.provide("queuePrefix", `bqtest_${suffix}`);
  return async () => {
    await dropDatabase(databaseUrl);
  };
}

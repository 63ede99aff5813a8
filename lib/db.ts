import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

export { Prisma } from "@/lib/generated/prisma/client";
export type { PrismaClient } from "@/lib/generated/prisma/client";

// The one Prisma client of a process, on the one connection pool of the process. Next's dev server
// re-evaluates modules on every change, so both live on globalThis to avoid opening a new pool each time.
const globalForPrisma = globalThis as unknown as { breakevenPrisma?: PrismaClient; breakevenPool?: pg.Pool };

const POOL_SIZE = 10;

export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: POOL_SIZE }) });
}

export function db(): PrismaClient {
  if (!globalForPrisma.breakevenPrisma) {
    const pool = new pg.Pool({ connectionString: env().DATABASE_URL, max: POOL_SIZE });
    globalForPrisma.breakevenPool = pool;
    globalForPrisma.breakevenPrisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  }
  return globalForPrisma.breakevenPrisma;
}

/**
 * The pool under db(): same connections, same limit. Only for the hottest bulk write, the OTLP span
 * batch (lib/otlp/span-store.ts): there Prisma's per-value handling of array parameters (20 arrays of
 * 512) cost more CPU than the whole rest of the request, and a named prepared statement skips
 * re-planning the statement on every batch. Everything else goes through db().
 */
export function dbPool(): pg.Pool {
  db();
  return globalForPrisma.breakevenPool!;
}

export async function disconnectDb(): Promise<void> {
  await globalForPrisma.breakevenPrisma?.$disconnect();
  globalForPrisma.breakevenPrisma = undefined;
  globalForPrisma.breakevenPool = undefined;
}

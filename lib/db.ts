import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

export { Prisma } from "@/lib/generated/prisma/client";
export type { PrismaClient } from "@/lib/generated/prisma/client";

// The one Prisma client of a process. Next's dev server re-evaluates modules on every change,
// so the instance lives on globalThis to avoid opening a new pool each time.
const globalForPrisma = globalThis as unknown as { breakevenPrisma?: PrismaClient };

export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}

export function db(): PrismaClient {
  globalForPrisma.breakevenPrisma ??= createPrismaClient(env().DATABASE_URL);
  return globalForPrisma.breakevenPrisma;
}

export async function disconnectDb(): Promise<void> {
  await globalForPrisma.breakevenPrisma?.$disconnect();
  globalForPrisma.breakevenPrisma = undefined;
}

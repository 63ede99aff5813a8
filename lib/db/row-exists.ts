import { db, Prisma } from "@/lib/db";

// A job that reads "no row" for what it works on may stop for good (drop its scheduler) only when
// the row is confirmed gone: a second, independent read that asks only whether it exists. If that
// read finds the row, the first answer was wrong (a lagging replica, a pooler that lost the
// transaction, a misbehaving database): the job fails, is retried and says so, never skips silently.

const TABLES = { gpuMetricSource: "GpuMetricSource", providerConnection: "ProviderConnection" } as const;
export type CheckedTable = keyof typeof TABLES;

export async function rowExists(table: CheckedTable, id: string): Promise<boolean> {
  const rows = await db().$queryRaw<{ exists: boolean }[]>`SELECT EXISTS (SELECT 1 FROM ${Prisma.raw(`"${TABLES[table]}"`)} WHERE "id" = ${id}) AS "exists"`;
  return rows[0]?.exists === true;
}

import { db } from "@/lib/db";

// Monthly partitions of "OtelSpanEvent" (declarative range partitioning on "day", see its migration).
// Retention drops whole partitions — never DELETE — once every day in them is older than the
// retention: with monthly partitions and 30 days, between 30 and ~61 days of raw spans are on disk.
// The plan is a pure function of the partitions that exist and `now`; the clock is injected.

export const SPAN_TABLE = "OtelSpanEvent";
const NAME = /^OtelSpanEvent_p(\d{4})(\d{2})$/;

/** "2026-12" → "OtelSpanEvent_p202612" */
export const partitionName = (month: string) => `${SPAN_TABLE}_p${month.replace("-", "")}`;

export function monthOfDay(day: string): string {
  return day.slice(0, 7);
}

function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/** [first day, first day of next month) of a month, as "YYYY-MM-DD". */
export function monthBounds(month: string): { from: string; to: string } {
  return { from: `${month}-01`, to: `${nextMonth(month)}-01` };
}

/** The first day still inside the retention: older days may be gone. */
export function retentionCutoffDay(now: Date, retentionDays: number): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - retentionDays * 86_400_000).toISOString().slice(0, 10);
}

export interface PartitionPlan {
  /** months to create: this month and the next, so midnight on the 1st never finds no partition */
  create: string[];
  /** partition names whose every day is older than the retention */
  drop: string[];
}

export function planPartitions(existing: readonly string[], now: Date, retentionDays: number): PartitionPlan {
  const thisMonth = now.toISOString().slice(0, 7);
  const have = new Set(existing);
  const create = [thisMonth, nextMonth(thisMonth)].filter((m) => !have.has(partitionName(m)));
  const cutoff = retentionCutoffDay(now, retentionDays);
  const drop = existing.filter((name) => {
    const m = NAME.exec(name);
    return m !== null && monthBounds(`${m[1]}-${m[2]}`).to <= cutoff;
  }).sort();
  return { create, drop };
}

export async function listSpanPartitions(): Promise<string[]> {
  const rows = await db().$queryRaw<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = ${SPAN_TABLE} ORDER BY c.relname`;
  return rows.map((r) => r.name);
}

// Partitions known to exist in this process: the write path checks a month once, not per batch.
const known = new Set<string>();

/** Create the months' partitions if missing. Safe when several processes race to create one. */
export async function ensureSpanPartitions(months: Iterable<string>): Promise<string[]> {
  const created: string[] = [];
  for (const month of months) {
    const name = partitionName(month);
    if (known.has(name)) continue;
    if (!/^\d{4}-\d{2}$/.test(month)) throw new Error(`not a month: ${month}`);
    const { from, to } = monthBounds(month);
    try {
      const n = await db().$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF "${SPAN_TABLE}" FOR VALUES FROM ('${from}') TO ('${to}')`);
      void n;
      created.push(month);
    } catch (e) {
      // Another process created it between our check and our CREATE (duplicate table / type).
      if (!/already exists|duplicate key|42P07|23505/.test(String((e as Error)?.message ?? e))) throw e;
    }
    known.add(name);
  }
  return created;
}

/** Create this and next month's partitions and drop those past retention; returns what changed. */
export async function maintainSpanPartitions(now: Date, retentionDays: number): Promise<{ created: string[]; dropped: string[] }> {
  const plan = planPartitions(await listSpanPartitions(), now, retentionDays);
  await ensureSpanPartitions(plan.create);
  for (const name of plan.drop) {
    await db().$executeRawUnsafe(`DROP TABLE IF EXISTS "${name}"`);
    known.delete(name);
  }
  return { created: plan.create, dropped: plan.drop };
}

/** Tests that drop partitions behind the process's back. */
export function forgetKnownPartitions(): void {
  known.clear();
}

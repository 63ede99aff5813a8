import { z } from "zod";
import { db, Prisma } from "@/lib/db";
import type { OrgContext } from "@/lib/auth/tenancy";
import { dec, toCents } from "@/lib/money";

// The Overview's numbers, aggregated in Postgres (never by loading rows into JS). Amounts leave
// as exact decimal strings rounded to cents only here, at the edge.

export const overviewSchema = z.object({
  currency: z.string(),
  thisMonth: z.object({ month: z.string(), total: z.string(), billed: z.string(), estimated: z.string() }),
  lastMonth: z.object({ month: z.string(), total: z.string() }),
  topProviders: z.array(z.object({ provider: z.string(), total: z.string() })),
  months: z.array(z.object({ month: z.string(), total: z.string() })),
});
export type OverviewDto = z.infer<typeof overviewSchema>;

const monthKey = (d: Date) => d.toISOString().slice(0, 7);
function monthStart(now: Date, offset = 0): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
}

export async function getOverview(ctx: Pick<OrgContext, "orgId">, now: Date): Promise<OverviewDto> {
  const thisStart = monthStart(now), nextStart = monthStart(now, 1), lastStart = monthStart(now, -1), from13 = monthStart(now, -12);
  const [months, providers, split, org] = await Promise.all([
    db().$queryRaw<{ month: Date; total: Prisma.Decimal }[]>`
      SELECT date_trunc('month', "day")::date AS month, SUM(amount) AS total
      FROM "CostBucket" WHERE "orgId" = ${ctx.orgId} AND "day" >= ${from13} AND "day" < ${nextStart}
      GROUP BY 1 ORDER BY 1`,
    db().$queryRaw<{ provider: string; total: Prisma.Decimal }[]>`
      SELECT provider, SUM(amount) AS total FROM "CostBucket"
      WHERE "orgId" = ${ctx.orgId} AND "day" >= ${thisStart} AND "day" < ${nextStart}
      GROUP BY provider ORDER BY total DESC LIMIT 5`,
    db().$queryRaw<{ estimated: boolean; total: Prisma.Decimal }[]>`
      SELECT estimated, SUM(amount) AS total FROM "CostBucket"
      WHERE "orgId" = ${ctx.orgId} AND "day" >= ${thisStart} AND "day" < ${nextStart}
      GROUP BY estimated`,
    db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { currency: true } }),
  ]);
  const byMonth = new Map(months.map((m) => [monthKey(m.month), dec(m.total)]));
  const billed = dec(split.find((s) => !s.estimated)?.total ?? 0);
  const estimated = dec(split.find((s) => s.estimated)?.total ?? 0);
  const series: { month: string; total: string }[] = [];
  for (let i = -12; i <= 0; i++) {
    const k = monthKey(monthStart(now, i));
    series.push({ month: k, total: toCents(byMonth.get(k) ?? 0) });
  }
  return {
    currency: org.currency,
    thisMonth: { month: monthKey(thisStart), total: toCents(billed.plus(estimated)), billed: toCents(billed), estimated: toCents(estimated) },
    lastMonth: { month: monthKey(lastStart), total: toCents(byMonth.get(monthKey(lastStart)) ?? 0) },
    topProviders: providers.map((p) => ({ provider: p.provider, total: toCents(p.total) })),
    months: series,
  };
}

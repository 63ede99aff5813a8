import { db, Prisma } from "@/lib/db";
import type { OrgContext } from "@/lib/auth/tenancy";
import { dec, Decimal } from "@/lib/money";
import { DEFAULT_TARGET_UTILISATION, gpuType } from "./gpuTypes";

// The org's GPU pools as a scenario target: each pool's own cost model, and its throughput measured
// over the last 30 days when it served traffic (else the GPU type's assumption).

export interface PoolRow {
  id: string;
  name: string;
  gpuModel: string;
  gpuCount: number;
  costModel: "CLOUD" | "OWNED";
  hourlyRatePerGpu: Decimal | null;
  purchasePrice: Decimal | null;
  amortisationMonths: number | null;
  residualValue: Decimal | null;
  powerPricePerKwh: Decimal;
  pue: Decimal;
  staffFteShare: Decimal;
  staffAnnualCost: Decimal;
  /** tokens per second of fully busy GPU time, measured; null if it served nothing */
  measuredTokensPerSecond: Decimal | null;
  /** average draw per GPU over the window, W; null without readings */
  measuredWatts: Decimal | null;
}

export interface PoolTarget {
  id: string;
  name: string;
  gpuModel: string;
  gpuCount: number;
  throughputSource: "measured" | "assumed";
  option: ReturnType<typeof poolSelfHostOption>;
}

/**
 * A pool's self-host option (strings, as a scenario input holds it). The pool's purchase price is
 * for all its GPUs, so one GPU costs price ÷ count; resale share = residual ÷ price.
 */
export function poolSelfHostOption(p: PoolRow) {
  const type = gpuType(p.gpuModel);
  const owned = p.costModel === "OWNED" && p.purchasePrice !== null;
  const cost = owned
    ? {
        kind: "owned" as const,
        purchasePricePerGpu: p.purchasePrice!.div(p.gpuCount).toString(),
        machinePrice: "0",
        gpusPerMachine: 1,
        otherCapex: "0",
        amortisationMonths: p.amortisationMonths ?? 36,
        residualShare: p.purchasePrice!.isZero() ? "0" : Decimal.min(1, (p.residualValue ?? new Decimal(0)).div(p.purchasePrice!)).toString(),
      }
    : { kind: "cloud" as const, hourlyRatePerGpu: (p.hourlyRatePerGpu ?? new Decimal(0)).toString() };
  const watts = p.measuredWatts ?? (type ? dec(type.watts) : new Decimal(300));
  const throughput = p.measuredTokensPerSecond && p.measuredTokensPerSecond.gt(0)
    ? { tokensPerSecondPerGpu: p.measuredTokensPerSecond.toDecimalPlaces(0, Decimal.ROUND_DOWN).toString(), source: "measured" as const }
    : { tokensPerSecondPerGpu: type?.tokensPerSecond ?? "1000", source: "assumed" as const };
  return {
    cost,
    power: { kind: "watts" as const, wattsPerGpu: watts.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toString(), pricePerKwh: p.powerPricePerKwh.toString(), pue: Decimal.max(1, p.pue).toString() },
    staff: { fteShare: p.staffFteShare.toString(), annualCost: p.staffAnnualCost.toString() },
    fixedMonthly: "0",
    throughput,
    targetUtilisation: DEFAULT_TARGET_UTILISATION,
    minGpus: 1,
  };
}

type Raw = Record<string, unknown>;
const decOrNull = (v: unknown) => (v === null || v === undefined ? null : dec(v as Prisma.Decimal));

export async function poolTargets(ctx: Pick<OrgContext, "orgId">, now: Date): Promise<PoolTarget[]> {
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const rows = await db().$queryRaw<Raw[]>`
    SELECT p.id, p.name, p."gpuModel", p."gpuCount", p."costModel"::text AS "costModel", p."hourlyRatePerGpu", p."purchasePrice",
           p."amortisationMonths", p."residualValue", p."powerPricePerKwh", p.pue, p."staffFteShare", p."staffAnnualCost",
           (SELECT SUM(t."promptTokens" + t."generationTokens") FROM "GpuHourlyTokens" t WHERE t."poolId" = p.id AND t.hour >= ${since}) AS tokens,
           (SELECT SUM(m."gpuHours" * m."avgUtilisation" / 100 * 3600) FROM "GpuHourlyMetric" m WHERE m."poolId" = p.id AND m.hour >= ${since} AND m."avgUtilisation" IS NOT NULL) AS busy_seconds,
           (SELECT SUM(m."energyKwh") * 1000 / NULLIF(SUM(m."gpuHours"), 0) FROM "GpuHourlyMetric" m WHERE m."poolId" = p.id AND m.hour >= ${since}) AS watts
    FROM "GpuPool" p WHERE p."orgId" = ${ctx.orgId} ORDER BY p.name`;
  return rows.map((r) => {
    const tokens = decOrNull(r.tokens);
    const busy = decOrNull(r.busy_seconds);
    const row: PoolRow = {
      id: r.id as string,
      name: r.name as string,
      gpuModel: r.gpuModel as string,
      gpuCount: Number(r.gpuCount),
      costModel: r.costModel as "CLOUD" | "OWNED",
      hourlyRatePerGpu: decOrNull(r.hourlyRatePerGpu),
      purchasePrice: decOrNull(r.purchasePrice),
      amortisationMonths: r.amortisationMonths === null ? null : Number(r.amortisationMonths),
      residualValue: decOrNull(r.residualValue),
      powerPricePerKwh: dec(r.powerPricePerKwh as Prisma.Decimal),
      pue: dec(r.pue as Prisma.Decimal),
      staffFteShare: dec(r.staffFteShare as Prisma.Decimal),
      staffAnnualCost: dec(r.staffAnnualCost as Prisma.Decimal),
      // tokens ÷ busy GPU-seconds = what one GPU serves per second when fully busy
      measuredTokensPerSecond: tokens && busy && busy.gt(0) ? tokens.div(busy) : null,
      measuredWatts: decOrNull(r.watts),
    };
    const option = poolSelfHostOption(row);
    return { id: row.id, name: row.name, gpuModel: row.gpuModel, gpuCount: row.gpuCount, throughputSource: option.throughput.source, option };
  });
}

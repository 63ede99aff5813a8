import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/money";
import { mulberry32 } from "@/lib/random";
import { parseSelfHostOption } from "@/lib/breakeven";
import { allOpportunities } from "@/lib/savings/engine";
import { workloadKey } from "@/lib/savings/price-book";
import type { PoolHourRow } from "@/lib/savings/idle-gpu";
import type { WorkloadUsage } from "@/lib/savings/types";
import type { ReservedQuote } from "@/lib/savings/reserved-prices";
import { BOOK } from "./helpers";

// Property: for any usage, spend and prices, no opportunity claims a saving larger than the spend
// it applies to, nor a negative one, nor a low end above the high end. 200 random orgs (seeded).

const MODELS = BOOK.map((p) => [p.provider, p.model] as const);

function randomOrg(rand: () => number) {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const big = () => new Decimal(Math.floor(rand() * 5e9));
  const workloads: WorkloadUsage[] = Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, i) => {
    const [provider, model] = pick(MODELS);
    const hourly = rand() < 0.5 ? Array.from({ length: 48 }, (_, h) => ({ hour: new Date(Date.UTC(2026, 10, 1, h)).toISOString(), input: new Decimal(Math.floor(rand() * 5e7)), output: new Decimal(Math.floor(rand() * 1e7)) })) : null;
    return {
      provider, model, projectId: `p${i}`, projectName: `P${i}`, from: "2026-11-01", to: "2026-11-02", days: 2,
      tokens: { input: big(), output: big(), cachedInput: rand() < 0.5 ? big() : new Decimal(0), cacheWrite: rand() < 0.3 ? big() : new Decimal(0) },
      requests: new Decimal(100),
      // Spend is anything from $0 to far above list: billed dollars may disagree with the catalog.
      spend: new Decimal(Math.floor(rand() * 200_000_00)).div(100),
      toleratesDelay: rand() < 0.5, hourly,
      daily: [{ day: "2026-11-01", input: big(), output: big() }, { day: "2026-11-02", input: big(), output: big() }],
      spendHref: "/o/spend",
    };
  });
  const option = parseSelfHostOption({ cost: { kind: "cloud", hourlyRatePerGpu: String(Math.floor(rand() * 5)) }, throughput: { tokensPerSecondPerGpu: String(100 + Math.floor(rand() * 5000)) }, targetUtilisation: "0.7" });
  const plans = new Map(workloads.map((w) => [workloadKey(w), { option, replacementModel: "x", comparable: rand() < 0.7, label: "pool", likeForLike: "" }]));
  const gpus = 1 + Math.floor(rand() * 4);
  const rows: PoolHourRow[] = Array.from({ length: 24 * gpus }, (_, i) => ({ hour: new Date(Date.UTC(2026, 10, 1, Math.floor(i / gpus))).toISOString(), gpuUuid: `g${i % gpus}`, gpuHours: new Decimal(1), avgUtilisation: rand() < 0.1 ? null : new Decimal(Math.floor(rand() * 100)), energyKwh: new Decimal(rand().toFixed(3)) }));
  const pool = { id: "pool", name: "pool", gpuModel: "NVIDIA L40S", gpuCount: gpus, costModel: "CLOUD", hourlyRatePerGpu: String(rand() * 4), powerPricePerKwh: "0.15", pue: "1.2", staffFteShare: "0.1", staffAnnualCost: "160000", idleUtilisationPct: new Decimal(10 + Math.floor(rand() * 30)) };
  const quotes: Record<string, ReservedQuote> = rand() < 0.5 ? { "azure-ptu-regional-monthly": { unitPricePerMonth: String(rand() * 300), inputTpmPerUnit: String(100 + Math.floor(rand() * 40000)), minUnits: "1", increment: "1" } } : {};
  return { workloads, pools: [{ pool, rows, from: "2026-11-01", to: "2026-11-01", days: 1, href: "", comparable: null }], book: BOOK, selfHostPlans: plans, reservedQuotes: quotes };
}

describe("no opportunity claims more than the spend it applies to", () => {
  it("holds for 200 random orgs, every kind", { timeout: 60_000 }, () => {
    const rand = mulberry32(2112);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      for (const o of allOpportunities(randomOrg(rand))) {
        seen.add(o.kind);
        expect(o.saving.low.gte(0), o.key).toBe(true);
        expect(o.saving.low.lte(o.saving.high), o.key).toBe(true);
        expect(o.saving.high.lte(o.appliesTo), `${o.key}: ${o.saving.high} > ${o.appliesTo}`).toBe(true);
      }
    }
    // The property was exercised on every kind, not vacuously true.
    expect([...seen].sort()).toEqual(["batch", "caching", "idleGpu", "reserved", "rightSizing", "selfHosting"]);
  });
});

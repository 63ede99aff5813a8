import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getPoolDetail, getPoolSummaries, OUTAGE_TOKENS_LABEL } from "@/lib/gpu/queries";
import type { HourRollup } from "@/lib/gpu/rollup";
import { upsertHourRollups } from "@/lib/gpu/store";
import { dec } from "@/lib/money";
import { GET as detailRoute } from "@/app/api/orgs/[org]/gpu-pools/[poolId]/route";
import { createOrgWithMembers } from "../support/factories";
import { params, requestAs } from "../support/session";

// The GPU pools page's numbers, aggregated in Postgres from hourly rows stored by the roll-up's
// own upsert, checked against figures worked by hand.
//
// Pool: OWNED, 2 GPUs, bought for $48,000, resale $4,800, 36 months; power $0.14/kWh, PUE 1.3;
// 0.1 FTE × $160,000; idle below 10 %; comparable API model openai/gpt-gpu-test.
// now = 2026-03-10 05:30 UTC. Hourly rows (March; 01:00 is missing, a February row must not count):
//   hour      GPU-a (util, GPU-h, kWh, W)   GPU-b                         tokens (prompt, generation)
//   00:00     50 %, 1, 0.3, 300             5 % (idle), 1, 0.1, 100       X 1,000,000  500,000
//   02:00     80 %, 1, 0.4, 400             no util, 0.5, 0.05, 100       X   600,000  400,000; Y 300,000 100,000
//   Feb 28 23:00  GPU-a 90 %, 1, 5 kWh                                    X 9,999,999  9,999,999

const NOW = new Date("2026-03-10T05:30:00Z");
const h = (iso: string) => new Date(iso);
const gpu = (uuid: string, index: number, util: number | null, gpuHours: string, kwh: string, watts: number) => ({
  gpuUuid: uuid, gpuIndex: index, host: "node-1", modelName: null, gpuHours: dec(gpuHours), avgUtilisation: util, avgPowerWatts: watts, energyKwh: dec(kwh), maxFbUsedMiB: 1000, sampleCount: 60,
});
const tokens = (modelName: string, prompt: bigint, generation: bigint) => ({ modelName, promptTokens: prompt, generationTokens: generation, requests: 1n, counterResets: 0, sampleCount: 60 });
const ROLLUPS: HourRollup[] = [
  { hourStart: h("2026-02-28T23:00:00Z"), gpus: [gpu("GPU-a", 0, 90, "1", "5", 5000)], models: [tokens("X", 9_999_999n, 9_999_999n)] },
  { hourStart: h("2026-03-10T00:00:00Z"), gpus: [gpu("GPU-a", 0, 50, "1", "0.3", 300), gpu("GPU-b", 1, 5, "1", "0.1", 100)], models: [tokens("X", 1_000_000n, 500_000n)] },
  { hourStart: h("2026-03-10T02:00:00Z"), gpus: [gpu("GPU-a", 0, 80, "1", "0.4", 400), { ...gpu("GPU-b", 1, null, "0.5", "0.05", 100) }], models: [tokens("X", 600_000n, 400_000n), tokens("Y", 300_000n, 100_000n)] },
];

let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
let poolId: string;

beforeAll(async () => {
  f = await createOrgWithMembers("Gpu Figures Co", ["FINANCE"]);
  const pool = await db().gpuPool.create({
    data: { orgId: f.org.id, name: "Owned pair", gpuModel: "L40S", gpuCount: 2, costModel: "OWNED", purchasePrice: "48000", residualValue: "4800", amortisationMonths: 36, powerPricePerKwh: "0.14", pue: "1.3", staffFteShare: "0.1", staffAnnualCost: "160000", comparableProvider: "openai", comparableModel: "gpt-gpu-test" },
  });
  poolId = pool.id;
  await upsertHourRollups(pool, ROLLUPS);
  // Prices: the one in effect on March 10 is January's; April's is not in effect yet.
  await db().modelPriceVersion.createMany({
    data: [
      { provider: "openai", model: "gpt-gpu-test", effectiveFrom: h("2025-01-01T00:00:00Z"), inputPerMTok: "0.30", outputPerMTok: "1.20", source: "test" },
      { provider: "openai", model: "gpt-gpu-test", effectiveFrom: h("2026-01-01T00:00:00Z"), inputPerMTok: "0.15", outputPerMTok: "0.60", source: "test" },
      { provider: "openai", model: "gpt-gpu-test", effectiveFrom: h("2026-04-01T00:00:00Z"), inputPerMTok: "0.10", outputPerMTok: "0.40", source: "test" },
    ],
  });
});

describe("GPU pool figures for this month", () => {
  it("cost per hour, month cost, effective $/1M vs the API, idle cost", async () => {
    const [s] = await getPoolSummaries({ orgId: f.org.id }, NOW);
    // Span 00:00 → 02:00 = 3 hours (01:00 has no rows but still costs rent and staff); energy 0.3+0.1+0.4+0.05 = 0.85 kWh
    expect([s!.month, s!.hours, s!.energyKwh, s!.gpuHours]).toEqual(["2026-03", 3, "0.850000", "3.500000"]);
    // hardware (48,000 − 4,800) ÷ 36 months ÷ 730 h = 1.643836 $/h; staff 0.1 × 160,000 ÷ 8,760 h = 1.826484 $/h;
    // energy 0.85 kWh ÷ 3 h × 1.3 × 0.14 $/kWh = 0.051567 $/h → 3.521886 $/h
    expect(s!.costPerHour).toEqual({ hardware: "1.643836", energy: "0.051567", staff: "1.826484", total: "3.521886" });
    // month: 3 h × (1.6438356 + 1.8264840) + 0.85 × 1.3 × 0.14 (= 0.1547) = 10.565659
    expect(s!.monthCost).toBe("10.565659");
    // tokens: prompt 1,000,000 + 600,000 + 300,000 = 1,900,000; generation 500,000 + 400,000 + 100,000 = 1,000,000
    expect(s!.tokens).toEqual({ prompt: "1900000", generation: "1000000", total: "2900000" });
    // effective: 10.565659 ÷ 2,900,000 × 10^6 = 3.643331 $/1M
    expect(s!.effectivePerMillion).toBe("3.643331");
    // API at January's price: 1.9M × $0.15 + 1.0M × $0.60 = $0.885 → ÷ 2.9M × 10^6 = 0.305172 $/1M
    expect(s!.api).toEqual({ provider: "openai", model: "gpt-gpu-test", inputPerMTok: "0.15", outputPerMTok: "0.6", effectiveFrom: "2026-01-01T00:00:00.000Z", costForSameTokens: "0.885000", perMillion: "0.305172" });
    // idle: GPU-b at 00:00 (5 % < 10 %; its 02:00 row has no utilisation: not idle): 1 GPU-h ×
    //   (1.6438356 + 1.8264840) ÷ 2 GPUs + 0.1 kWh × 1.3 × 0.14 = 1.7351598 + 0.0182 = 1.753360
    expect(s!.idle).toEqual({ thresholdPct: "10", gpuHours: "1.000000", cost: "1.753360" });
    // coverage: 2 GPUs × 3 paid hours = 6 GPU-hours; scraped 1 + 1 + 1 + 0.5 = 3.5 → 0.583333; rated 3 (GPU-b's 02:00
    //   row has no utilisation); unscraped 2.5 GPU-h × (1.6438356 + 1.8264840) ÷ 2 = 4.337900 $, neither idle nor busy
    expect(s!.coverage).toEqual({ paidGpuHours: "6.000000", scrapedGpuHours: "3.500000", ratedGpuHours: "3.000000", share: "0.583333", unscrapedGpuHours: "2.500000", unscrapedCost: "4.337900" });
    // models carry cost by token share: X 2.5M ÷ 2.9M = 0.862069 → $9.108327; Y 0.4M ÷ 2.9M → $1.457332
    expect(s!.models).toEqual([
      { modelName: "X", prompt: "1600000", generation: "900000", total: "2500000", share: "0.862069", cost: "9.108327" },
      { modelName: "Y", prompt: "300000", generation: "100000", total: "400000", share: "0.137931", cost: "1.457332" },
    ]);
  });

  it("charts over 24 h with the missing hour as a gap, and the per-GPU table", async () => {
    const d = await getPoolDetail({ orgId: f.org.id }, poolId, "24h", NOW);
    expect(d.series).toHaveLength(24); // 2026-03-09 05:00 … 2026-03-10 04:00
    const at = (iso: string) => d.series.find((p) => p.t === iso);
    // 00:00: (50 × 1 + 5 × 1) ÷ 2 GPU-h = 27.5 %; 0.4 kWh in 1 h = 0.4 kW. 02:00: GPU-b has no utilisation → 80 %; 0.45 kW
    expect(at("2026-03-10T00:00:00.000Z")).toEqual({ t: "2026-03-10T00:00:00.000Z", utilisationPct: 27.5, powerKw: 0.4 });
    expect(at("2026-03-10T01:00:00.000Z")).toEqual({ t: "2026-03-10T01:00:00.000Z", utilisationPct: null, powerKw: null });
    expect(at("2026-03-10T02:00:00.000Z")).toEqual({ t: "2026-03-10T02:00:00.000Z", utilisationPct: 80, powerKw: 0.45 });
    expect(d.tokenSeries).toEqual([
      { t: "2026-03-10T00:00:00.000Z", tokens: { X: 1_500_000 } },
      { t: "2026-03-10T02:00:00.000Z", tokens: { X: 1_000_000, Y: 400_000 } },
    ]);
    // GPU-a: 2 GPU-h, (50 + 80) ÷ 2 = 65 %, (300 + 400) ÷ 2 = 350 W, 0.7 kWh. GPU-b: 1.5 GPU-h, util over
    // the hour that has one: 5 %; (100 × 1 + 100 × 0.5) ÷ 1.5 = 100 W; 0.15 kWh; 1 idle GPU-h.
    expect(d.gpus.map((g) => [g.gpuUuid, g.gpuHours, g.avgUtilisationPct, g.avgPowerWatts, g.energyKwh, g.idleGpuHours, g.lastHour])).toEqual([
      ["GPU-a", "2.000000", "65.0", "350.0", "0.700000", "0.000000", "2026-03-10T02:00:00.000Z"],
      ["GPU-b", "1.500000", "5.0", "100.0", "0.150000", "1.000000", "2026-03-10T02:00:00.000Z"],
    ]);
  });

  it("the route answers the same DTO to a finance member (everyone may read GPU pools)", async () => {
    const res = await detailRoute(await requestAs({ id: f.members.FINANCE.id, email: f.members.FINANCE.email }, `/api/orgs/${f.org.slug}/gpu-pools/${poolId}?range=30d`), params({ org: f.org.slug, poolId }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { range: string; series: unknown[]; summary: { name: string } };
    expect([body.range, body.series.length, body.summary.name]).toEqual(["30d", 30, "Owned pair"]);
  });
});

describe("an outage on the pool charts", () => {
  it("tokens served during an outage are drawn apart in the hour it ended, counted in the month's totals, and the outage hours are gaps", async () => {
    const g = await createOrgWithMembers("Gpu Outage Co", ["FINANCE"]);
    const pool = await db().gpuPool.create({ data: { orgId: g.org.id, name: "Flaky", gpuModel: "L4", gpuCount: 1, costModel: "CLOUD", hourlyRatePerGpu: "1", powerPricePerKwh: "0.1" } });
    // 00:00 observed; 01:00–02:00 nothing scraped; 03:00 back: 40,000 + 10,000 tokens the counters grew by over the 3 h gap
    await upsertHourRollups(pool, [
      { hourStart: h("2026-03-10T00:00:00Z"), gpus: [gpu("GPU-x", 0, 50, "1", "0.1", 100)], models: [tokens("X", 1_000n, 500n)] },
      { hourStart: h("2026-03-10T03:00:00Z"), gpus: [gpu("GPU-x", 0, 40, "0.5", "0.05", 100)], models: [{ ...tokens("X", 300n, 200n), gapPromptTokens: 40_000n, gapGenerationTokens: 10_000n, gapSeconds: 10_800 }] },
    ]);
    const d = await getPoolDetail({ orgId: g.org.id }, pool.id, "24h", new Date("2026-03-10T05:30:00Z"));
    expect(d.tokenSeries).toEqual([
      { t: "2026-03-10T00:00:00.000Z", tokens: { X: 1_500 } },
      { t: "2026-03-10T03:00:00.000Z", tokens: { X: 500, [OUTAGE_TOKENS_LABEL]: 50_000 } },
    ]);
    expect(d.series.filter((p) => p.t >= "2026-03-10T01:00" && p.t < "2026-03-10T03:00").map((p) => p.utilisationPct)).toEqual([null, null]);
    // served this month: prompt 1,000 + 300 + 40,000 = 41,300; generation 500 + 200 + 10,000 = 10,700
    expect(d.summary.tokens).toEqual({ prompt: "41300", generation: "10700", total: "52000" });
  });
});

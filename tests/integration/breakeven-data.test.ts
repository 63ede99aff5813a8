import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getBreakEvenPage } from "@/lib/spend/breakeven-view";
import { measurePools } from "@/lib/gpu/pool-measurement";
import { choiceOption } from "@/lib/breakeven/self-host-choices";
import { replacementCandidates } from "@/lib/breakeven/capability-match";
import { builderDefaults, selfHostPlanFor } from "@/lib/scenarios/defaults";
import { POST as saveWorkload } from "@/app/api/orgs/[org]/workloads/route";
import { DELETE as deleteWorkload } from "@/app/api/orgs/[org]/workloads/[workloadId]/route";
import { createOrgWithMembers } from "../support/factories";
import { params, requestAs } from "../support/session";

// The break-even page's defaults from what was measured, on real Postgres with hand-built rows
// whose expected figures are worked out in the comments.

const NOW = new Date("2026-03-18T15:20:00Z");
let org: Awaited<ReturnType<typeof createOrgWithMembers>>;
let poolId = "";

const usage = (provider: string, model: string, projectId: string, day: string, sourceKey: string, t: { input?: number; output?: number; cached?: number }) => ({
  orgId: org.org.id, sourceKey, origin: "PUSH" as const, provider, day: new Date(`${day}T00:00:00Z`), projectId, model,
  inputTokens: BigInt(t.input ?? 0), outputTokens: BigInt(t.output ?? 0), cachedInputTokens: BigInt(t.cached ?? 0), requests: 1n,
});

beforeAll(async () => {
  org = await createOrgWithMembers("Breakeven Data", ["EXECUTIVE", "ENGINEERING"]);
  await db().project.create({ data: { orgId: org.org.id, provider: "openai", externalId: "p1", name: "Support bot" } });
  await db().usageBucket.createMany({
    data: [
      // gpt-x in January: 1M + 3M input, 0.5M + 0.5M output, 1M cached.
      usage("openai", "gpt-x", "p1", "2026-01-05", "push", { input: 1_000_000, output: 500_000 }),
      usage("openai", "gpt-x", "p1", "2026-01-20", "push", { input: 3_000_000, output: 500_000, cached: 1_000_000 }),
      // February from two sources: 6M + 4M input, 2M output.
      usage("openai", "gpt-x", "p1", "2026-02-10", "push", { input: 6_000_000, output: 2_000_000 }),
      usage("openai", "gpt-x", "p1", "2026-02-10", "csv", { input: 4_000_000 }),
      // This month is not complete: never part of the history.
      usage("openai", "gpt-x", "p1", "2026-03-02", "push", { input: 99_000_000 }),
      // A model the catalog does not know.
      usage("anthropic", "claude-y", "p2", "2026-02-03", "push", { input: 100_000_000 }),
    ],
  });
  // gpt-x got cheaper on 15 February: $10/$30 → $5/$20 (cached $1).
  await db().modelPriceVersion.createMany({
    data: [
      { provider: "openai", model: "gpt-x", effectiveFrom: new Date("2025-01-01T00:00:00Z"), inputPerMTok: "10", outputPerMTok: "30", source: "test" },
      { provider: "openai", model: "gpt-x", effectiveFrom: new Date("2026-02-15T00:00:00Z"), inputPerMTok: "5", outputPerMTok: "20", cachedInputPerMTok: "1", source: "test" },
    ],
  });
  // Two rented GPUs at $2/GPU-hour, $0.10/kWh, PUE 1.5, replacing gpt-x. Measured on two days:
  // 27 Feb at 25% and 100 W, 10 Mar at 50% and 200 W, serving 1,000 tokens/s per fully busy GPU.
  const pool = await db().gpuPool.create({
    data: { orgId: org.org.id, name: "Rented pair", gpuModel: "L4", gpuCount: 2, costModel: "CLOUD", hourlyRatePerGpu: "2", powerPricePerKwh: "0.1", pue: "1.5", comparableProvider: "openai", comparableModel: "gpt-x" },
  });
  poolId = pool.id;
  const metrics = [], tokens = [];
  for (const [dayStart, util, watts] of [["2026-02-27", 25, 100], ["2026-03-10", 50, 200]] as const) {
    for (let h = 0; h < 24; h++) {
      const hour = new Date(Date.parse(`${dayStart}T00:00:00Z`) + h * 3_600_000);
      for (let g = 0; g < 2; g++) metrics.push({ orgId: org.org.id, poolId, hour, gpuUuid: `GPU-${g}`, gpuHours: "1", avgUtilisation: String(util), avgPowerWatts: String(watts), energyKwh: String(watts / 1000), sampleCount: 60 });
      const served = 2 * (util / 100) * 1000 * 3600; // 1.8M or 3.6M tokens an hour
      tokens.push({ orgId: org.org.id, poolId, hour, modelName: "llama", promptTokens: BigInt(served * 0.7), generationTokens: BigInt(served * 0.3), requests: 100n });
    }
  }
  await db().gpuHourlyMetric.createMany({ data: metrics });
  await db().gpuHourlyTokens.createMany({ data: tokens });
});

describe("measured workloads", () => {
  it("sum complete months only, rank by last month's API bill, and take the catalog price in effect", async () => {
    const page = await getBreakEvenPage(org.org.id, NOW);
    expect(page.lastMonth).toBe("2026-02");
    expect(page.workloads.map((w) => w.label)).toEqual(["gpt-x · OpenAI · Support bot", "claude-y · Anthropic · p2"]);
    const [gptx, claude] = page.workloads;
    expect(gptx!.months).toEqual([
      { month: "2026-01", tokens: { input: "4000000", output: "1000000", cachedInput: "1000000", cacheWrite: "0" } },
      { month: "2026-02", tokens: { input: "10000000", output: "2000000", cachedInput: "0", cacheWrite: "0" } },
    ]);
    expect(gptx!.volume).toEqual({ month: "2026-02", tokens: gptx!.months[1]!.tokens });
    expect(gptx!.apiPrice).toEqual({ inputPerMTok: "5", outputPerMTok: "20", cachedInputPerMTok: "1" });
    expect(gptx!.priceNote).toBe("catalog price in effect since 2026-02-15");
    expect(claude!.apiPrice).toBeNull();
    expect(claude!.priceNote).toMatch(/no catalog price for claude-y/);
  });

  it("measure a pool's throughput per fully busy GPU and its power over the last 30 days", async () => {
    // tokens 24 × 1.8M + 24 × 3.6M = 129.6M over busy GPU-hours 48 × 0.25 + 48 × 0.5 = 36 → 129.6M ÷ (36 × 3,600 s) = 1,000/s;
    // power (48 × 100 + 48 × 200) ÷ 96 = 150 W.
    const m = (await measurePools(org.org.id, NOW)).get(poolId)!;
    expect(m).toEqual({ windowDays: 30, tokensServed: "129600000", tokensPerSecondPerGpu: "1000", avgWattsPerGpu: "150", servedModel: "llama" });
    const page = await getBreakEvenPage(org.org.id, NOW);
    const choice = page.choices.find((c) => c.id === `pool:${poolId}`)!;
    expect(choiceOption(choice, null)).toMatchObject({
      throughput: "measured",
      option: { cost: { kind: "cloud", hourlyRatePerGpu: "2" }, power: { kind: "watts", wattsPerGpu: "150", pricePerKwh: "0.1", pue: "1.5" }, throughput: { tokensPerSecondPerGpu: "1000", source: "measured" }, minGpus: 2 },
    });
    expect(page.choices.map((c) => c.id)).toEqual([`pool:${poolId}`, `pool-right-size:${poolId}`, "new:cloud:NVIDIA H100 80GB", "new:cloud:NVIDIA L40S", "new:owned:NVIDIA RTX 4090", "new:owned:NVIDIA H100 80GB"]);
  });

  it("Break-even and Scenarios model the same pool with the same numbers", async () => {
    const page = await getBreakEvenPage(org.org.id, NOW);
    const defaults = await builderDefaults({ orgId: org.org.id }, NOW);
    const target = defaults.pools.find((p) => p.id === poolId)!;
    const choice = page.choices.find((c) => c.id === `pool:${poolId}`)!;
    // same settings and measurement from the one query …
    expect(choice.kind === "pool" && choice.measurement).toEqual(target.measurement);
    expect(choice.kind === "pool" && choice.pool).toEqual(target.settings);
    // … so the same option for any replacement model, and the scenario's first plan is the page's first choice
    expect(target.option).toEqual(choiceOption(choice, null).option);
    // gpt-4.1-mini is large tier: the scenario starts from Llama 3.3 70B, estimated on this pool's GPUs
    const plan = selfHostPlanFor({ ...defaults, pools: [target], candidates: replacementCandidates(["llama-3.3-70b-instruct"], []) }, "gpt-4.1-mini");
    expect(plan.replacementModel).toBe("llama-3.3-70b-instruct");
    expect(plan.option).toEqual(choiceOption(choice, "llama-3.3-70b-instruct").option);
  });

  it("price a pool's real traffic at the comparable API, month by month (real vs modelled)", async () => {
    // February: paid 48 h from its first hour (27 Feb) → 2 × $2 × 48 = $192 + 4.8 kWh × 1.5 × $0.10 = $0.72 → $192.72;
    //   30.24M prompt × $5 + 12.96M generated × $20 per 1M = $151.20 + $259.20 = $410.40 → saved $217.68.
    // March to 18 Mar 15:00: 423 h → $1,692 + 9.6 kWh → $1.44 = $1,693.44; 60.48M × $5 + 25.92M × $20 = $820.80 → −$872.64.
    const page = await getBreakEvenPage(org.org.id, NOW);
    const r = page.realVsModelled.find((x) => x.poolId === poolId)!;
    expect(r.comparable).toBe("gpt-x (OpenAI)");
    expect(r.months.map(({ month, tokens, apiCost, poolCost, savings }) => ({ month, tokens, apiCost, poolCost, savings }))).toEqual([
      { month: "2026-02", tokens: "43200000", apiCost: "410.40", poolCost: "192.72", savings: "217.68" },
      { month: "2026-03", tokens: "86400000", apiCost: "820.80", poolCost: "1693.44", savings: "-872.64" },
    ]);
    expect(r.totals).toEqual({ apiCost: "1231.20", poolCost: "1886.16", savings: "-654.96", tokens: "129600000" });
  });
});

describe("saved workload groups", () => {
  const url = () => `/api/orgs/${org.org.slug}/workloads`;

  it("an executive saves a group; its API price is blended over its models by last month's tokens", async () => {
    const body = { name: "Everything of p1 and p2", filter: { project: ["p1", "p2"] } };
    const res = await saveWorkload(await requestAs(org.members.EXECUTIVE, url(), { method: "POST", body }), params({ org: org.org.slug }));
    expect(res.status).toBe(201);
    const again = await saveWorkload(await requestAs(org.members.EXECUTIVE, url(), { method: "POST", body }), params({ org: org.org.slug }));
    expect(again.status).toBe(409);
    const page = await getBreakEvenPage(org.org.id, NOW);
    const group = page.workloads.find((w) => w.kind === "saved")!;
    expect(group.label).toBe("Everything of p1 and p2 (saved group)");
    // February: 110M input (10M gpt-x + 100M claude-y), 2M output; claude-y has no price, so gpt-x's alone.
    expect(group.volume).toEqual({ month: "2026-02", tokens: { input: "110000000", output: "2000000", cachedInput: "0", cacheWrite: "0" } });
    expect(group.apiPrice).toEqual({ inputPerMTok: "5", outputPerMTok: "20", cachedInputPerMTok: "1" });
    expect(group.priceNote).toMatch(/1 model\(s\) without a price left out/);
    const id = group.id.replace("saved:", "");
    const del = await deleteWorkload(await requestAs(org.members.EXECUTIVE, `${url()}/${id}`, { method: "DELETE" }), params({ org: org.org.slug, workloadId: id }));
    expect(del.status).toBe(204);
    expect(await db().savedWorkload.count({ where: { orgId: org.org.id } })).toBe(0);
  });

  it("engineering may not save groups; an empty filter names the field", async () => {
    const denied = await saveWorkload(await requestAs(org.members.ENGINEERING, url(), { method: "POST", body: { name: "x", filter: { model: ["gpt-x"] } } }), params({ org: org.org.slug }));
    expect(denied.status).toBe(403);
    const empty = await saveWorkload(await requestAs(org.members.EXECUTIVE, url(), { method: "POST", body: { name: "x", filter: {} } }), params({ org: org.org.slug }));
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { issues: { field: string }[] } }).error.issues[0]!.field).toBe("filter");
  });
});

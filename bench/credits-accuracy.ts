// Issue 21 items 3–4, pure parts on the 2-core build machine: `npx tsx bench/credits-accuracy.ts`.
// Each row 7 runs after 2 warm-ups, median. Baselines in the same run:
// - chargeback: naive half-up rounding of each row (what a CSV writer does without the largest-remainder rule);
// - pricing accuracy: estimateCost (the total the estimate already computed) against estimateCostByClass;
// - burn-down: summing the same daily series (the least any burn-down must do).
import { Decimal } from "../lib/money.ts";
import { allocateCents } from "../lib/spend/chargeback.ts";
import { estimateCost, estimateCostByClass } from "../lib/pricing/estimate.ts";
import { commitmentBurnDown } from "../lib/commitments/burn-down.ts";

function median(run: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t = performance.now();
    run();
    if (i >= 2) times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[3]!;
}
let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

const projects = Array.from({ length: 10_000 }, () => new Decimal(rand() * 5000).toDecimalPlaces(10));
const charges = projects.map((p) => p.times("1.125"));
const price = { input: new Decimal(3), output: new Decimal(15), cachedInput: new Decimal("0.3"), cacheWrite: new Decimal("3.75"), perRequest: null, perImage: null, audioInput: null, audioOutput: null, cacheWrite1h: new Decimal(6), imageInput: null, imageOutput: null, batchInput: new Decimal("1.5"), batchOutput: new Decimal("7.5") };
const usages = Array.from({ length: 20_000 }, () => ({ inputTokens: BigInt(Math.floor(rand() * 1e7)), outputTokens: BigInt(Math.floor(rand() * 1e6)), cachedInputTokens: BigInt(Math.floor(rand() * 1e7)), cacheWriteTokens: BigInt(Math.floor(rand() * 1e6)), batchInputTokens: BigInt(Math.floor(rand() * 1e5)), cacheWrite1hTokens: BigInt(Math.floor(rand() * 1e5)) }));
const daily = Array.from({ length: 365 }, (_, i) => ({ date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10), amount: new Decimal(rand() * 900) }));

const rows = [
  ["chargeback 10,000 projects: naive half-up per row (baseline, columns do not add up)", median(() => { projects.forEach((p) => p.toDecimalPlaces(2, Decimal.ROUND_HALF_UP)); charges.forEach((p) => p.toDecimalPlaces(2, Decimal.ROUND_HALF_UP)); })],
  ["chargeback 10,000 projects: largest remainder, cost and charge columns", median(() => { allocateCents(projects); allocateCents(charges); })],
  ["20,000 usage rows: estimateCost (baseline)", median(() => usages.forEach((u) => estimateCost(u, price)))],
  ["20,000 usage rows: estimateCostByClass", median(() => usages.forEach((u) => estimateCostByClass(u, price)))],
  ["365-day series: plain sum (baseline)", median(() => daily.reduce((a, d) => a.plus(d.amount), new Decimal(0)))],
  ["365-day series: commitmentBurnDown", median(() => commitmentBurnDown({ amount: new Decimal(200000), startsOn: "2026-01-01", endsOn: "2026-12-31", today: "2027-01-01", daily }))],
] as const;
console.log(`load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")}`);
for (const [what, ms] of rows) console.log(`${what}: ${ms.toFixed(1)} ms`);

import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/money";
import { idleGpuOpportunity, type PoolHourRow } from "@/lib/savings/idle-gpu";

// A cloud pool of 2 GPUs at $2/GPU-h, power $0.10/kWh, PUE 1, no staff. Ten hours: GPU A at 80%,
// GPU B at 5% (idle below the 10% threshold), each drawing 0.5 kWh an hour.
const pool = { id: "pool1", name: "Cloud pair", gpuModel: "NVIDIA L40S", gpuCount: 2, costModel: "CLOUD", hourlyRatePerGpu: "2", powerPricePerKwh: "0.1", pue: "1", staffFteShare: "0", staffAnnualCost: "0", idleUtilisationPct: new Decimal(10) };
function rows(utilB: number): PoolHourRow[] {
  return Array.from({ length: 10 }, (_, i) => {
    const hour = new Date(Date.UTC(2026, 10, 2, i)).toISOString();
    return [
      { hour, gpuUuid: "A", gpuHours: new Decimal(1), avgUtilisation: new Decimal(80), energyKwh: new Decimal("0.5") },
      { hour, gpuUuid: "B", gpuHours: new Decimal(1), avgUtilisation: new Decimal(utilB), energyKwh: new Decimal("0.5") },
    ];
  }).flat();
}
const input = (utilB: number) => ({ pool, rows: rows(utilB), from: "2026-11-02", to: "2026-11-02", days: 1, href: "/o/gpu-pools/pool1", comparable: { provider: "openai", model: "gpt-4o-mini" } });

describe("idle GPU", () => {
  it("pool cost $41 (40 GPU rental + 1 energy); idle B = 10 GPU-h × $2 + 5 kWh × $0.10 = $20.50; keeping 1 GPU saves $20", () => {
    const o = idleGpuOpportunity(input(5))!;
    expect(o.appliesTo.toFixed(2)).toBe("41.00");
    expect([o.saving.low.toFixed(2), o.saving.high.toFixed(2)]).toEqual(["20.00", "20.50"]);
    expect(o.detail).toMatchObject({ keep: 1, gpuCount: 2, hours: 10 });
    expect(o.scenario).toMatchObject({ target: "selfHost", poolId: "pool1", poolSizing: "right-size", model: "gpt-4o-mini" });
  });

  it("finds nothing when both GPUs work", () => {
    expect(idleGpuOpportunity(input(60))).toBeNull();
  });
});

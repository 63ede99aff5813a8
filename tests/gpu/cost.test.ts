import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { effectiveCostPerMillionTokens, idleCost, poolCostForPeriod, poolCostPerHour } from "@/lib/gpu/cost";
import { validatePoolConfig } from "@/lib/gpu/pool-config";
import { Decimal, toCents } from "@/lib/money";
import { thrown } from "../support/app-error";

// The worked example: 8 GPUs bought for $240,000, amortised over 36 months to a $24,000 resale
// value; drawing 5.6 kW on average in a facility with PUE 1.4 at $0.12/kWh; a quarter of an
// engineer costing $180,000 a year.
const OWNED = {
  costModel: "OWNED",
  gpuCount: 8,
  purchasePrice: "240000",
  residualValue: "24000",
  amortisationMonths: 36,
  powerPricePerKwh: "0.12",
  pue: "1.4",
  staffFteShare: "0.25",
  staffAnnualCost: "180000",
};

const CLOUD = {
  costModel: "CLOUD",
  pricingTerm: "RESERVED",
  gpuCount: 8,
  hourlyRatePerGpu: "2.21",
  powerPricePerKwh: "0.12",
  pue: "1.4",
  staffFteShare: "0.25",
  staffAnnualCost: "180000",
};

describe("poolCostPerHour: the worked example, by hand", () => {
  // hardware: ($240,000 − $24,000) ÷ 36 months = $6,000/month; ÷ 730 h/month = $8.2191780822/h
  // energy:   5.6 kW × 1 h = 5.6 kWh; × PUE 1.4 = 7.84 kWh from the grid; × $0.12 = $0.9408/h
  // staff:    0.25 × $180,000/year = $45,000/year; ÷ 8,760 h/year = $5.1369863014/h
  // total:    8.2191780822 + 0.9408 + 5.1369863014 = $14.2969643836/h ≈ $14.30/h
  //           (exactly 6000/730 + 45000/8760 + 0.9408 = 117000/8760 + 0.9408)
  const cost = poolCostPerHour(OWNED, { energyKwhPerHour: "5.6" });

  it("gives each part and the total", () => {
    expect(cost.hardware.toFixed(10)).toBe("8.2191780822");
    expect(cost.energy.toString()).toBe("0.9408");
    expect(cost.staff.toFixed(10)).toBe("5.1369863014");
    expect(cost.total.toFixed(10)).toBe("14.2969643836");
    expect(toCents(cost.total)).toBe("14.30");
    expect(cost.total.minus("0.9408").times(8760).toDecimalPlaces(20).toString()).toBe("117000");
  });

  it("over a 730-hour month: $6,000 + $686.784 + $3,750 = $10,436.784", () => {
    // energy: 5.6 kW × 730 h = 4,088 kWh × 1.4 × $0.12 = $686.784
    const month = poolCostForPeriod(OWNED, { hours: 730, energyKwh: "4088" });
    expect(month.hardware.toDecimalPlaces(10).toString()).toBe("6000");
    expect(month.energy.toString()).toBe("686.784");
    expect(month.staff.toDecimalPlaces(10).toString()).toBe("3750");
    expect(month.total.toDecimalPlaces(10).toString()).toBe("10436.784");
  });
});

describe("owned vs cloud, amortisation, PUE", () => {
  it("cloud: rate × GPUs, whether on-demand or reserved (the term only changes the rate entered)", () => {
    const cost = poolCostPerHour(CLOUD, { energyKwhPerHour: 0 });
    expect(cost.hardware.toString()).toBe("17.68"); // $2.21 × 8
    expect(cost.energy.toString()).toBe("0");
    expect(validatePoolConfig(CLOUD)).toMatchObject({ costModel: "CLOUD", pricingTerm: "RESERVED" });
    expect(validatePoolConfig({ ...CLOUD, pricingTerm: null })).toMatchObject({ pricingTerm: "ON_DEMAND" });
  });

  it("a longer amortisation lowers the hourly hardware cost in proportion: 36 → 60 months", () => {
    // $216,000 ÷ 60 months = $3,600/month ÷ 730 h = $4.9315068493/h
    expect(poolCostPerHour({ ...OWNED, amortisationMonths: 60 }, { energyKwhPerHour: 0 }).hardware.toFixed(10)).toBe("4.9315068493");
  });

  it("PUE multiplies only the energy: 100 kWh at PUE 1.0 vs 1.5 and $0.10/kWh → $10 vs $15", () => {
    const at = (pue: string) => poolCostForPeriod({ ...OWNED, pue, powerPricePerKwh: "0.10" }, { hours: 0, energyKwh: 100 }).total.toString();
    expect(at("1.0")).toBe("10");
    expect(at("1.5")).toBe("15");
  });

  it("accepts a GpuPool row as it comes from Prisma: Decimal objects, nulls for the other model's fields, extra columns", () => {
    const row = { id: "p1", orgId: "o1", name: "rack A", ...OWNED, purchasePrice: new Decimal("240000"), pue: new Decimal("1.4"), hourlyRatePerGpu: null, pricingTerm: null };
    expect(poolCostPerHour(row, { energyKwhPerHour: "5.6" }).total.toFixed(10)).toBe("14.2969643836");
  });
});

describe("validatePoolConfig names the bad field", () => {
  it.each([
    [{ ...OWNED, purchasePrice: "-1" }, "purchasePrice", "must not be negative"],
    [{ ...CLOUD, hourlyRatePerGpu: -2.5 }, "hourlyRatePerGpu", "must not be negative"],
    [{ ...OWNED, gpuCount: 0 }, "gpuCount", "must be at least 1 GPU"],
    [{ ...OWNED, gpuCount: 2.5 }, "gpuCount", "must be a whole number"],
    [{ ...OWNED, amortisationMonths: 0 }, "amortisationMonths", "must be at least 1 month"],
    [{ ...OWNED, pue: "0.9" }, "pue", "must be at least 1.0 (PUE is facility power ÷ IT power)"],
    [{ ...OWNED, staffFteShare: "1.5" }, "staffFteShare", "must be between 0 and 1 (a share of one full-time engineer)"],
    [{ ...OWNED, staffFteShare: -0.1 }, "staffFteShare", "must be between 0 and 1 (a share of one full-time engineer)"],
    [{ ...OWNED, residualValue: "250000" }, "residualValue", "must not exceed the purchase price"],
    [{ ...CLOUD, hourlyRatePerGpu: undefined }, "hourlyRatePerGpu", "is required"],
    [{ ...OWNED, powerPricePerKwh: "twelve cents" }, "powerPricePerKwh", "must be a number"],
  ])("%# → %s: %s", (input, field, message) => {
    const e = thrown(() => validatePoolConfig(input));
    expect(e.code).toBe("BAD_INPUT");
    expect(e.details.issues).toContainEqual({ field, message });
    expect(e.message).toContain(`${field}: ${message}`);
  });

  it("names costModel when it is neither CLOUD nor OWNED", () => {
    const e = thrown(() => validatePoolConfig({ ...OWNED, costModel: "LEASED" }));
    expect(e.details.issues?.[0]?.field).toBe("costModel");
  });

  it("accepts a settings form's strings", () => {
    const pool = validatePoolConfig({ ...OWNED, gpuCount: "8", amortisationMonths: "36", purchasePrice: " 240000.00 " });
    expect(pool).toMatchObject({ gpuCount: 8, amortisationMonths: 36 });
    expect(pool.costModel === "OWNED" && pool.purchasePrice.toString()).toBe("240000");
  });

  it("cost functions validate too, and refuse a negative energy or period", () => {
    expect(thrown(() => poolCostPerHour({ ...OWNED, pue: "0.5" }, { energyKwhPerHour: 1 })).message).toContain("pue");
    expect(thrown(() => poolCostPerHour(OWNED, { energyKwhPerHour: -1 })).details.issues).toEqual([{ field: "energyKwhPerHour", message: "must not be negative" }]);
    expect(thrown(() => poolCostForPeriod(OWNED, { hours: -1, energyKwh: 0 })).details.issues?.[0]?.field).toBe("hours");
  });
});

describe("effectiveCostPerMillionTokens", () => {
  it("divides cost by tokens (prompt + generation) per million; models share the cost by tokens", () => {
    // $14.30 over 1,100,000 + 1,760,000 = 2,860,000 tokens → $5.00 per 1M; model A 1,100,000 of them → share 0.3846…, $5.50
    const result = effectiveCostPerMillionTokens("14.30", [
      { modelName: "A", promptTokens: 1_000_000n, generationTokens: 100_000n },
      { modelName: "B", promptTokens: 1_500_000n, generationTokens: 260_000n },
      { modelName: "C", promptTokens: 0n, generationTokens: 0n },
    ]);
    expect(result.totalTokens).toBe(2_860_000n);
    expect(result.overall!.toString()).toBe("5");
    expect(result.perModel.map((m) => [m.modelName, m.tokens, toCents(m.cost), m.costPerMillion?.toString() ?? null])).toEqual([
      ["A", 1_100_000n, "5.50", "5"],
      ["B", 1_760_000n, "8.80", "5"],
      ["C", 0n, "0.00", null],
    ]);
  });

  it("is null when nothing was served", () => {
    expect(effectiveCostPerMillionTokens("14.30", []).overall).toBeNull();
  });
});

describe("idleCost", () => {
  // Owned pool above: fixed cost $6,000/730 + $45,000/8,760 = 117,000/8,760 = $13.3561643836/h, ÷ 8 GPUs
  // = $1.6695205479 per GPU-hour. Threshold 10 %: rows 1 (3 %) and 3 (0 %) are idle; row 2 (80 %) is not;
  // row 4 has no utilisation reading and is not called idle.
  //   fixed:  (1 + 0.5) GPU-h × $1.6695205479 = $2.5042808219
  //   energy: (0.1 + 0.05) kWh × 1.4 × $0.12 = $0.0252
  //   total:  $2.5294808219
  const rows = [
    { gpuHours: new Decimal(1), avgUtilisation: 3, energyKwh: new Decimal("0.1") },
    { gpuHours: new Decimal(1), avgUtilisation: 80, energyKwh: new Decimal("0.7") },
    { gpuHours: new Decimal("0.5"), avgUtilisation: 0, energyKwh: new Decimal("0.05") },
    { gpuHours: new Decimal(1), avgUtilisation: null, energyKwh: new Decimal("0.1") },
  ];

  it("costs the below-threshold GPU-hours: their share of the fixed cost plus their energy", () => {
    const idle = idleCost(OWNED, rows, 10);
    expect(idle.rows).toBe(2);
    expect(idle.gpuHours.toString()).toBe("1.5");
    expect(idle.cost.toFixed(10)).toBe("2.5294808219");
  });

  it("threshold 0 % → nothing is idle; a threshold outside 0..100 is refused", () => {
    expect(idleCost(OWNED, rows, 0).cost.toString()).toBe("0");
    expect(thrown(() => idleCost(OWNED, rows, 150)).details.issues?.[0]?.field).toBe("thresholdPct");
  });
});

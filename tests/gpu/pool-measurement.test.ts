import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money";
import { poolMeasurementOf } from "@/lib/gpu/pool-measurement";

describe("one measurement of a pool for every page", () => {
  it("throughput = tokens ÷ busy GPU-seconds, the busy share of rated hours applied to all hours; watts over powered hours only", () => {
    // 100 GPU-hours, 80 of them rated at 25 % busy (20 busy h) → busy share 0.25 × 100 h = 25 h = 90,000 s;
    // 90M tokens ÷ 90,000 s = 1,000 tokens/s. Power: 60 powered GPU-hours drew 18,000 W·h → 300 W (not ÷ 100 h).
    const m = poolMeasurementOf({ gpuHours: dec(100), ratedHours: dec(80), busyHours: dec(20), wattHours: dec(18000), poweredHours: dec(60), tokens: dec(90_000_000), servedModel: "llama" });
    expect(m).toEqual({ windowDays: 30, tokensServed: "90000000", tokensPerSecondPerGpu: "1000", avgWattsPerGpu: "300", servedModel: "llama" });
  });

  it("tokens served with no busy time leaves throughput unmeasured but keeps the tokens", () => {
    const m = poolMeasurementOf({ gpuHours: dec(10), ratedHours: dec(10), busyHours: dec(0), wattHours: dec(0), poweredHours: dec(0), tokens: dec(1200), servedModel: "llama" });
    expect(m).toMatchObject({ tokensServed: "1200", tokensPerSecondPerGpu: null, avgWattsPerGpu: null, servedModel: "llama" });
  });
});

import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money";
import { poolCoverage } from "@/lib/gpu/coverage";
import { coverageSentence } from "@/lib/gpu/coverage-text";

describe("scrape coverage beside idle cost", () => {
  it("4 GPUs paid 100 h = 400 GPU-hours; 370 scraped → 92.5 %; 30 unscraped × ($10 + $2)/h ÷ 4 = $90 neither idle nor busy", () => {
    const c = poolCoverage({ gpuCount: 4, paidHours: 100, scrapedGpuHours: dec(370), ratedGpuHours: dec(350), fixedCostPerHour: dec(12) });
    expect([c.paidGpuHours, c.scrapedGpuHours, c.ratedGpuHours, c.share, c.unscrapedGpuHours, c.unscrapedCost].map(String)).toEqual(["400", "370", "350", "0.925", "30", "90"]);
    const dto = { paidGpuHours: "400", scrapedGpuHours: "370", ratedGpuHours: "350", share: "0.925", unscrapedGpuHours: "30", unscrapedCost: "90" };
    expect(coverageSentence(dto)).toBe("Coverage: scraped 92.5 % of the 400 GPU-hours paid for; 30.0 unscraped GPU-hours cost $90.00 and are counted neither idle nor busy.");
  });

  it("fully scraped says so; nothing paid says so", () => {
    const c = poolCoverage({ gpuCount: 2, paidHours: 10, scrapedGpuHours: dec(20), ratedGpuHours: dec(20), fixedCostPerHour: dec(5) });
    expect([c.share.toString(), c.unscrapedCost.toString()]).toEqual(["1", "0"]);
    expect(poolCoverage({ gpuCount: 2, paidHours: 0, scrapedGpuHours: dec(0), ratedGpuHours: dec(0), fixedCostPerHour: dec(5) }).share.toString()).toBe("0");
  });
});

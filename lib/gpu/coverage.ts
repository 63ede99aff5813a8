import { Decimal } from "@/lib/money";

// What share of the GPU time a pool paid for was actually observed. The pool is charged for every
// hour it exists, but only scraped time can be called idle or busy; unscraped time must not vanish
// from either side, so it is reported beside idle cost with what it cost. Pure.

export interface PoolCoverage {
  /** GPU count × paid hours: the GPU time the period was charged for. */
  paidGpuHours: Decimal;
  /** GPU-hours with scrapes (the roll-ups' observed time). */
  scrapedGpuHours: Decimal;
  /** Scraped GPU-hours that also had a utilisation reading: the only time judged idle or busy. */
  ratedGpuHours: Decimal;
  /** scraped ÷ paid, 0..1 (0 when nothing was paid). */
  share: Decimal;
  /** paid − scraped: charged for, but neither idle nor busy is known. */
  unscrapedGpuHours: Decimal;
  /** What the unscraped time cost: (hardware + staff) $/h ÷ GPUs × unscraped GPU-hours (energy is measured, so none). */
  unscrapedCost: Decimal;
}

export function poolCoverage(p: { gpuCount: number; paidHours: number; scrapedGpuHours: Decimal; ratedGpuHours: Decimal; fixedCostPerHour: Decimal }): PoolCoverage {
  const paidGpuHours = new Decimal(p.gpuCount).times(p.paidHours);
  const scraped = Decimal.min(p.scrapedGpuHours, paidGpuHours);
  const unscrapedGpuHours = paidGpuHours.minus(scraped);
  return {
    paidGpuHours,
    scrapedGpuHours: p.scrapedGpuHours,
    ratedGpuHours: p.ratedGpuHours,
    share: paidGpuHours.isZero() ? new Decimal(0) : scraped.div(paidGpuHours),
    unscrapedGpuHours,
    unscrapedCost: p.gpuCount > 0 ? p.fixedCostPerHour.div(p.gpuCount).times(unscrapedGpuHours) : new Decimal(0), // $ = $/GPU-h × GPU-h
  };
}

import { formatUsd } from "@/lib/money";
import type { PoolSummaryDto } from "./queries";

/** "Scraped 92.5 % of the 2,880 GPU-hours paid for; 216.0 unscraped GPU-hours cost $540.00 and are neither idle nor busy." */
export function coverageSentence(c: PoolSummaryDto["coverage"]): string {
  const paid = Number(c.paidGpuHours);
  if (paid === 0) return "Nothing paid for this month yet.";
  const pct = (Number(c.share) * 100).toFixed(1);
  const unscraped = Number(c.unscrapedGpuHours);
  const rest = unscraped > 0 ? `; ${unscraped.toFixed(1)} unscraped GPU-hours cost ${formatUsd(c.unscrapedCost)} and are counted neither idle nor busy` : "";
  return `Coverage: scraped ${pct} % of the ${paid.toLocaleString("en-US", { maximumFractionDigits: 1 })} GPU-hours paid for${rest}.`;
}

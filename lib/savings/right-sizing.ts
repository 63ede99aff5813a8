import { Decimal } from "@/lib/money";
import { catalogProvider } from "@/lib/pricing/price-book";
import { capabilityOf, TIER_ORDER, type CapabilityTier } from "@/lib/pricing/capability-tiers";
import { bookPriceFor, evidenceOf, listCostCapped, pct, savingRange, tokenCost, usd, workloadKey, workloadParams } from "./price-book";
import type { BookPrice, Opportunity, WorkloadUsage } from "./types";

// Model right-sizing, within the same provider (same contract, data terms and API):
//  - same capability tier, cheaper:  saving = list cost − k × candidate cost, k = 1.2 (low) … 1 (high)
//  - else one tier down for a share:  saving = share × (list cost − k × candidate cost), share 10 % … 30 %
// Capability tiers: lib/pricing/capability-tiers.ts (published benchmark scores, cited there).

/** The candidate may need up to 20 % more tokens for the same work (tokenizer, longer answers). Assumption. */
export const TOKEN_OVERHEAD_LOW = new Decimal("1.2");
/** Share of traffic a one-tier-smaller model serves at equal quality: 10 % (low) to 30 % (high). Assumption, to be proven by an eval. */
export const TIER_DOWN_SHARE = { low: new Decimal("0.1"), high: new Decimal("0.3") } as const;

const REASONING = "OpenAI o-series reasoning model";

function cheapest(w: WorkloadUsage, book: readonly BookPrice[], tier: CapabilityTier, currentFamily: string): { price: BookPrice; cost: Decimal } | null {
  const host = catalogProvider(w.provider);
  let best: { price: BookPrice; cost: Decimal } | null = null;
  for (const p of book) {
    if (p.provider !== host || p.mode !== "chat") continue;
    const cap = capabilityOf(p.model);
    if (!cap || cap.tier !== tier || cap.family === currentFamily) continue;
    if (cap.family === REASONING && currentFamily !== REASONING) continue; // reasoning tokens change the bill's shape
    const cost = tokenCost(w.tokens, p);
    if (!best || cost.lt(best.cost)) best = { price: p, cost };
  }
  return best;
}

export function rightSizingOpportunity(w: WorkloadUsage, book: readonly BookPrice[]): Opportunity | null {
  const price = bookPriceFor(book, w.provider, w.model);
  const cap = capabilityOf(w.model);
  if (!price || !cap || price.mode !== "chat" || w.spend.lte(0)) return null;
  const listCost = listCostCapped(w, price);
  const same = cheapest(w, book, cap.tier, cap.family);
  const below = TIER_ORDER[TIER_ORDER.indexOf(cap.tier) - 1];
  const down = below ? cheapest(w, book, below, cap.family) : null;
  let pick: { price: BookPrice; cost: Decimal }, low: Decimal, high: Decimal, share: { low: Decimal; high: Decimal } | null;
  if (same && same.cost.lt(listCost)) {
    pick = same; share = null;
    low = listCost.minus(same.cost.times(TOKEN_OVERHEAD_LOW));
    high = listCost.minus(same.cost);
  } else if (down && down.cost.lt(listCost)) {
    pick = down; share = TIER_DOWN_SHARE;
    low = share.low.times(listCost.minus(down.cost.times(TOKEN_OVERHEAD_LOW)));
    high = share.high.times(listCost.minus(down.cost));
  } else return null;
  const saving = savingRange(low, high, w.spend);
  if (saving.high.lte(0)) return null;
  const target = capabilityOf(pick.price.model)!;
  return {
    key: `rightSizing:${workloadKey(w)}`,
    kind: "rightSizing",
    title: share ? `Route ${pct(share.low)}–${pct(share.high)}% of ${w.projectName || w.projectId || "unassigned"} from ${w.model} to ${pick.price.model} (one tier down)` : `Move ${w.projectName || w.projectId || "unassigned"} from ${w.model} to ${pick.price.model} (same tier, cheaper)`,
    saving,
    appliesTo: w.spend,
    evidence: [evidenceOf(w)],
    assumptions: [
      `${w.model}: ${cap.family}, ${cap.tier} tier; ${pick.price.model}: ${target.family}, ${target.tier} tier (${target.score ? `${target.score.benchmark} ${target.score.value}` : target.basis}; ${target.source}).`,
      `Same provider only (${pick.price.provider}): the contract, data terms and API stay the same.`,
      `This month's tokens at ${w.model}'s list prices: ${usd(listCost)}; at ${pick.price.model}'s ($${pick.price.input} in / $${pick.price.output} out per 1M): ${usd(pick.cost)}; low end assumes ${pct(TOKEN_OVERHEAD_LOW.minus(1))}% more tokens.`,
      ...(share ? [`A one-tier-smaller model is assumed to serve ${pct(share.low)}%–${pct(share.high)}% of requests at equal quality: prove it with an evaluation first.`] : []),
    ],
    scenario: {
      ...workloadParams(w), target: "api", targetProvider: pick.price.provider, targetModel: pick.price.model,
      stayPct: share ? new Decimal(1).minus(share.high).times(100).toString() : "0", rampMonths: "1", horizon: "12",
    },
    detail: { target: pick.price.model, targetTier: target.tier, tier: cap.tier, candidateCost: pick.cost.toString(), listCost: listCost.toString() },
  };
}

// The significance threshold of "biggest movers", shared by the query (lib/spend/queries.ts) and
// the pages that state it. Browser-safe: no database import.

/** A move smaller than ±20 % of the period before is ordinary variation: listed, not flagged. */
export const MOVER_SIGNIFICANT_PERCENT = 20;

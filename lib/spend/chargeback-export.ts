import { db } from "@/lib/db";
import type { OrgContext } from "@/lib/auth/tenancy";
import type { Decimal } from "@/lib/money";
import { chargeback, chargebackCsv } from "./chargeback";
import type { SpendFilters } from "./filters";
import { filterOptions, spendBreakdown } from "./queries";
import { labeller } from "./view";

/** The chargeback CSV for the Spend page's range and filters: the same project breakdown and total the page shows. */
export async function chargebackExport(ctx: Pick<OrgContext, "orgId">, filters: SpendFilters, markupPercent: Decimal): Promise<{ filename: string; body: string }> {
  const [org, options, breakdown] = await Promise.all([
    db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { currency: true } }),
    filterOptions(ctx.orgId),
    spendBreakdown(ctx.orgId, filters, "project"),
  ]);
  const label = labeller(options.projects);
  return chargebackCsv(chargeback(breakdown.rows, breakdown.total.total, markupPercent, (id) => label("project", id)), filters, org.currency);
}

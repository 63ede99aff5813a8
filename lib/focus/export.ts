import { db, Prisma } from "@/lib/db";
import type { OrgContext } from "@/lib/auth/tenancy";
import { Decimal, toCents } from "@/lib/money";
import { addDays, monthStartOf, type SpendFilters } from "@/lib/spend/filters";
import { countedBucket, costWhere } from "@/lib/spend/sql";
import { toCsv } from "@/lib/spend/csv";
import { MANDATORY_COLUMNS } from "./columns";
import { tokenClassOfText, TOKEN_CLASSES, type TokenClass } from "./map";

// Spend as a FOCUS 1.2 dataset: one row per day × provider × host × model × project × token class
// (× charge category, so credits, refunds and tax stay rows of their own, and × billed/estimated).
// The rows are exactly what the Spend page counts for the same range and filters (the source-of-truth
// rule included), so Σ BilledCost equals the page's total to the cent. A catalog estimate (usage the
// provider has not billed yet) is a row with x_Estimated "true": the page counts it, so the file does.

export const FOCUS_EXPORT_COLUMNS = [
  ...MANDATORY_COLUMNS,
  "ConsumedQuantity", "ConsumedUnit", "SubAccountId", "ServiceSubcategory", "ChargeFrequency",
  "x_Provider", "x_Host", "x_Model", "x_TokenClass", "x_Estimated",
] as const;

const HOST_NAMES: Record<string, { issuer: string; service: string }> = {
  bedrock: { issuer: "Amazon Web Services", service: "Amazon Bedrock" },
  vertex: { issuer: "Google Cloud", service: "Vertex AI" },
  azure: { issuer: "Microsoft", service: "Azure OpenAI" },
};

interface GroupRow {
  day: Date;
  provider: string;
  host: string;
  model: string;
  projectId: string;
  lineItem: string;
  chargeCategory: string;
  currency: string;
  estimated: boolean;
  billed: Prisma.Decimal;
  effective: Prisma.Decimal;
  list: Prisma.Decimal;
  quantity: Prisma.Decimal | null;
  unit: string | null;
}

export interface FocusExportRow {
  day: string;
  provider: string;
  host: string;
  model: string;
  projectId: string;
  tokenClass: TokenClass;
  correction: boolean;
  chargeCategory: string;
  currency: string;
  estimated: boolean;
  billed: Decimal;
  effective: Decimal;
  list: Decimal;
  quantity: Decimal | null;
  unit: string | null;
}

/** A stored line item as its token class: FOCUS rows store the class itself, provider rows their line item text. */
function lineItemClass(lineItem: string): { tokenClass: TokenClass; correction: boolean } {
  const correction = lineItem.startsWith("correction:");
  const rest = correction ? lineItem.slice("correction:".length) : lineItem;
  return { tokenClass: (TOKEN_CLASSES as readonly string[]).includes(rest) ? (rest as TokenClass) : tokenClassOfText(rest), correction };
}

export async function focusExportRows(orgId: string, f: SpendFilters): Promise<FocusExportRow[]> {
  const rows = await db().$queryRaw<GroupRow[]>`
    SELECT cb."day", cb."provider", cb."host", cb."model", cb."projectId", cb."lineItem", cb."chargeCategory", cb."currency", cb."estimated",
      SUM(cb."amount") AS billed, SUM(COALESCE(cb."effectiveCost", cb."amount")) AS effective, SUM(COALESCE(cb."listCost", cb."amount")) AS list,
      CASE WHEN COUNT(DISTINCT cb."quantityUnit") = 1 AND COUNT(cb."quantity") = COUNT(*) THEN SUM(cb."quantity") END AS quantity,
      CASE WHEN COUNT(DISTINCT cb."quantityUnit") = 1 AND COUNT(cb."quantity") = COUNT(*) THEN MIN(cb."quantityUnit") END AS unit
    FROM "CostBucket" cb
    WHERE ${costWhere(orgId, f)} AND ${countedBucket()}
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`;
  // Provider line items that name the same token class ("input_tokens", "Input Tokens") become one row.
  const out = new Map<string, FocusExportRow>();
  for (const r of rows) {
    const day = r.day.toISOString().slice(0, 10);
    const { tokenClass, correction } = lineItemClass(r.lineItem);
    const key = [day, r.provider, r.host, r.model, r.projectId, tokenClass, correction, r.chargeCategory, r.currency, r.estimated].join("\u0001");
    const q = r.quantity === null ? null : new Decimal(r.quantity.toString());
    const prev = out.get(key);
    if (!prev) {
      out.set(key, {
        day, provider: r.provider, host: r.host, model: r.model, projectId: r.projectId, tokenClass, correction, chargeCategory: r.chargeCategory, currency: r.currency, estimated: r.estimated,
        billed: new Decimal(r.billed.toString()), effective: new Decimal(r.effective.toString()), list: new Decimal(r.list.toString()), quantity: q, unit: r.unit,
      });
      continue;
    }
    prev.billed = prev.billed.add(r.billed.toString());
    prev.effective = prev.effective.add(r.effective.toString());
    prev.list = prev.list.add(r.list.toString());
    prev.quantity = prev.quantity !== null && q !== null && prev.unit === r.unit ? prev.quantity.add(q) : null;
    if (prev.quantity === null) prev.unit = null;
  }
  return [...out.values()].sort((a, b) => (a.day + a.provider + a.host + a.model + a.projectId + a.tokenClass).localeCompare(b.day + b.provider + b.host + b.model + b.projectId + b.tokenClass));
}

const T = "T00:00:00Z";

/** The CSV text of the rows; pure. `account` names the Breakeven organisation (BillingAccountId/Name). */
export function focusCsv(rows: readonly FocusExportRow[], account: { id: string; name: string }): string {
  const text = (s: string | null) => (s === null || s === "" ? { amount: null } : { text: s });
  const amount = (d: Decimal | null) => ({ amount: d === null ? null : d.toFixed() });
  const body = rows.map((r) => {
    const host = HOST_NAMES[r.host];
    const issuer = host?.issuer ?? r.provider;
    const period = monthStartOf(r.day);
    const values: Record<string, { text: string } | { amount: string | null }> = {
      BilledCost: amount(r.billed),
      BillingAccountId: text(account.id),
      BillingAccountName: text(account.name),
      BillingCurrency: text(r.currency.toUpperCase()),
      BillingPeriodEnd: text(monthStartOf(r.day, 1) + T),
      BillingPeriodStart: text(period + T),
      ChargeCategory: text(r.chargeCategory),
      ChargeClass: text(r.correction ? "Correction" : null),
      ChargeDescription: text(`${r.provider} ${r.model || "(no model)"}${r.tokenClass ? ` ${r.tokenClass.replace("_", " ")} tokens` : ""}${host ? ` on ${host.service}` : ""}`),
      ChargePeriodEnd: text(addDays(r.day, 1) + T),
      ChargePeriodStart: text(r.day + T),
      ContractedCost: amount(r.effective),
      EffectiveCost: amount(r.effective),
      InvoiceIssuerName: text(issuer),
      ListCost: amount(r.list),
      PricingQuantity: amount(r.quantity),
      PricingUnit: text(r.quantity === null ? null : r.unit),
      ProviderName: text(issuer),
      PublisherName: text(r.provider),
      ServiceCategory: text("AI and Machine Learning"),
      ServiceName: text(host?.service ?? `${r.provider} API`),
      ConsumedQuantity: amount(r.quantity),
      ConsumedUnit: text(r.quantity === null ? null : r.unit),
      SubAccountId: text(r.projectId || null),
      ServiceSubcategory: text("Generative AI"),
      ChargeFrequency: text(r.chargeCategory === "Usage" ? "Usage-Based" : "One-Time"),
      x_Provider: text(r.provider),
      x_Host: text(r.host || "api"),
      x_Model: text(r.model || null),
      x_TokenClass: text(r.tokenClass || null),
      x_Estimated: text(r.estimated ? "true" : "false"),
    };
    return FOCUS_EXPORT_COLUMNS.map((c) => {
      const v = values[c];
      if (!v) throw new Error(`FOCUS export: no value for column ${c}`);
      return v;
    });
  });
  return toCsv([...FOCUS_EXPORT_COLUMNS], body);
}

export interface FocusExport {
  filename: string;
  body: string;
  rows: number;
  /** Σ BilledCost to the cent. */
  billed: string;
}

export async function focusExport(ctx: Pick<OrgContext, "orgId">, f: SpendFilters): Promise<FocusExport> {
  const [org, rows] = await Promise.all([db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { slug: true, name: true } }), focusExportRows(ctx.orgId, f)]);
  return {
    filename: `breakeven-focus-${org.slug}-${f.from}-to-${f.to}.csv`,
    body: focusCsv(rows, { id: org.slug, name: org.name }),
    rows: rows.length,
    billed: toCents(rows.reduce((s, r) => s.add(r.billed), new Decimal(0))),
  };
}

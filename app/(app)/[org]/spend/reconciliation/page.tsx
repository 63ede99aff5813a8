import Link from "next/link";
import { pageOrgContext } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";
import { formatUsd } from "@/lib/money";
import { getReconciliation, type ReconciliationDto } from "@/lib/spend/reconciliation";
import { getReconciliationAccuracy, type ReconciliationAccuracyDto } from "@/lib/spend/accuracy-query";
import { MODEL_NOT_REPORTED } from "@/lib/spend/token-usage";
import { providerLabel } from "@/lib/spend/view";

export const dynamic = "force-dynamic";

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1 + by, 1)).toISOString().slice(0, 7);
}

export default async function ReconciliationPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ month?: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "spend.read");
  const month = (await searchParams).month ?? new Date().toISOString().slice(0, 7);
  let r: ReconciliationDto;
  let acc: ReconciliationAccuracyDto;
  try {
    [r, acc] = await Promise.all([getReconciliation(ctx, month), getReconciliationAccuracy(ctx, month)]);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return <p role="alert" className="text-red-700">{e.message}</p>;
  }
  const money = (v: string | null) => (v === null ? "—" : formatUsd(v));
  const link = (m: string, label: string) => <Link href={`/${ctx.orgSlug}/spend/reconciliation?month=${m}`} className="text-blue-700 underline">{label}</Link>;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Billed vs estimated, {r.month}</h1>
      <p className="text-sm text-gray-600">
        Reported spend is what providers billed, plus catalog prices where they billed nothing (marked estimated). The catalog column prices all measured usage with the price in
        effect each day. A gap points at discounts, batch or priority pricing, or usage billed under another line. {link(shiftMonth(r.month, -1), "← previous month")} · {link(shiftMonth(r.month, 1), "next month →")}
      </p>
      {r.providers.length === 0 ? <p className="text-sm text-gray-600">No spend or usage in {r.month}.</p> : null}
      {r.providers.map((p) => (
        <div key={p.provider} className="space-y-1">
        <table className="w-full bg-white rounded-lg shadow text-sm" data-testid={`reconciliation-${p.provider}`}>
          <thead>
            <tr className="text-left text-gray-500">
              <th className="p-2">{p.provider} · model</th><th className="p-2 text-right">Billed</th><th className="p-2 text-right">Estimated</th><th className="p-2 text-right">Reported</th>
              <th className="p-2 text-right">Catalog price of usage</th><th className="p-2 text-right">Difference</th>
            </tr>
          </thead>
          <tbody className="tabular-nums">
            {p.models.map((m) => (
              <tr key={m.model} className="border-t">
                <td className="p-2">{m.model || <span className="text-gray-500">{MODEL_NOT_REPORTED}</span>}{m.tokens !== "0" ? <span className="text-gray-500"> · {BigInt(m.tokens).toLocaleString("en-US")} tokens</span> : null}{m.unpricedBuckets ? <span className="text-amber-700"> · {m.unpricedBuckets} usage bucket(s) with no catalog price</span> : null}</td>
                <td className="p-2 text-right">{money(m.billed)}</td>
                <td className="p-2 text-right">{money(m.estimated)}</td>
                <td className="p-2 text-right">{money(m.reported)}</td>
                <td className="p-2 text-right">{money(m.catalog)}</td>
                <td className="p-2 text-right">{m.difference === null ? "—" : `${money(m.difference)} (${m.differencePct ?? "—"}%)`}</td>
              </tr>
            ))}
            <tr className="border-t font-semibold">
              <td className="p-2">Total {p.provider}</td>
              <td className="p-2 text-right">{money(p.billed)}</td>
              <td className="p-2 text-right">{money(p.estimated)}</td>
              <td className="p-2 text-right">{money(p.reported)}</td>
              <td className="p-2 text-right">{money(p.catalog)}</td>
              <td className="p-2 text-right">{p.difference === null ? "—" : `${money(p.difference)} (${p.differencePct ?? "—"}%)`}</td>
            </tr>
          </tbody>
        </table>
        {p.attribution ? (
          <p className="text-sm text-gray-700" data-testid={`attribution-${p.provider}`}>
            The billing connection reported {formatUsd(p.attribution.connection)} for {providerLabel(p.provider)} this month: that is the spend counted above. Pushed events and CSV imports
            attribute {formatUsd(p.attribution.attributed)} of it (not added to the total); difference {formatUsd(p.attribution.difference)}.
          </p>
        ) : null}
        </div>
      ))}
      <CoverageAndAccuracy acc={acc} />
    </div>
  );
}

/** Coverage per provider and the catalog's accuracy per model and token class (lib/spend/accuracy.ts). */
function CoverageAndAccuracy({ acc }: { acc: ReconciliationAccuracyDto }) {
  const pct = (v: string | null) => (v === null ? "—" : `${v}%`);
  const money = (v: string | null) => (v === null ? "—" : formatUsd(v));
  return (
    <>
      <h2 className="text-xl font-semibold">Coverage</h2>
      <p className="text-sm text-gray-600">
        Of each provider&apos;s billed dollars this month, the share the product can attribute to a project and a model. &quot;Model not reported&quot;: billed to a project without
        naming a model (OpenAI bills per project and line item; a line item that names the model counts). &quot;Unattributed&quot;: no project.
      </p>
      {acc.coverage.length === 0 ? <p className="text-sm text-gray-600">Nothing billed in {acc.month}.</p> : (
        <table className="w-full bg-white rounded-lg shadow text-sm tabular-nums" data-testid="coverage-table">
          <thead><tr className="text-left text-gray-500"><th className="p-2">Provider</th><th className="p-2 text-right">Billed</th><th className="p-2 text-right">Project and model</th><th className="p-2 text-right">Model not reported</th><th className="p-2 text-right">Unattributed</th></tr></thead>
          <tbody>
            {acc.coverage.map((c) => (
              <tr key={c.provider} className="border-t">
                <td className="p-2">{providerLabel(c.provider)}</td>
                <td className="p-2 text-right">{money(c.billed)}</td>
                <td className="p-2 text-right">{pct(c.attributedPct)} <span className="text-gray-500">({money(c.attributed)})</span></td>
                <td className="p-2 text-right">{pct(c.modelNotReportedPct)} <span className="text-gray-500">({money(c.modelNotReported)})</span></td>
                <td className="p-2 text-right">{pct(c.unattributedPct)} <span className="text-gray-500">({money(c.unattributed)})</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 className="text-xl font-semibold">Pricing accuracy</h2>
      <p className="text-sm text-gray-600">
        Per model named in the billing, the catalog&apos;s estimate of its measured usage (the catalog version in effect each day) against the dollars billed for it, in total and per
        token class. Error = (estimate − billed) ÷ billed; a model off by more than 2% is flagged. Reasoning tokens are reported inside output by usage APIs, so the catalog
        cannot separate them. Only billed lines that name the model are compared.
      </p>
      {acc.accuracy.length === 0 ? <p className="text-sm text-gray-600">No model is both billed by name and measured in {acc.month}.</p> : null}
      {acc.accuracy.map((m) => (
        <div key={`${m.provider}/${m.model}`} className="bg-white rounded-lg shadow p-3 space-y-2" data-testid={`accuracy-${m.provider}-${m.model}`}>
          <p className={`text-sm ${m.offBy ? "text-red-700 font-medium" : "text-gray-700"}`}>{providerLabel(m.provider)} · {m.sentence}</p>
          <table className="w-full text-sm tabular-nums">
            <thead><tr className="text-left text-gray-500"><th className="p-1">Token class</th><th className="p-1 text-right">Billed</th><th className="p-1 text-right">Catalog estimate</th><th className="p-1 text-right">Error</th></tr></thead>
            <tbody>
              {m.classes.map((c) => (
                <tr key={c.cls} className="border-t"><td className="p-1">{c.label}</td><td className="p-1 text-right">{money(c.billed)}</td><td className="p-1 text-right">{money(c.catalog)}</td><td className="p-1 text-right">{pct(c.errorPct)}</td></tr>
              ))}
              <tr className="border-t font-semibold"><td className="p-1">Total</td><td className="p-1 text-right">{money(m.billed)}</td><td className="p-1 text-right">{money(m.catalog)}</td><td className="p-1 text-right">{pct(m.errorPct)}</td></tr>
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}

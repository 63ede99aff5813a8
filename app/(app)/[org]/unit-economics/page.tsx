import Link from "next/link";
import { pageOrgContext } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { Decimal, formatUsd } from "@/lib/money";
import { loadAttribution, OTHER } from "@/lib/otlp/attribution";
import { ALL_MODELS, loadSpanReconciliation } from "@/lib/otlp/reconcile";
import { unitEconomics, type UnitDay } from "@/lib/otlp/unit-economics";
import type { StatsUnit } from "@/lib/otlp/span-store";
import { AttributionForm } from "./attribution-form";

export const dynamic = "force-dynamic";

const WINDOWS = [7, 14, 30] as const;
const UNIT_LABEL: Record<StatsUnit, string> = { request: "request", conversation: "conversation (trace)", user: "user", customer: "customer" };

/** Small per-unit amounts need more than cents: $0.0042 stays readable. */
function usd(v: Decimal | null | undefined): string {
  if (!v) return "—";
  if (v.abs().gte(1)) return formatUsd(v);
  return `$${v.toSignificantDigits(3).toFixed()}`;
}

function pct(v: Decimal | null): string {
  if (!v) return "—";
  return `${v.gte(0) ? "+" : ""}${v.toFixed(1)}%`;
}

export default async function UnitEconomicsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ days?: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "spend.read");
  const requested = Number((await searchParams).days);
  const days = (WINDOWS as readonly number[]).includes(requested) ? requested : 14;
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const [u, reconcile, attribution] = await Promise.all([unitEconomics(ctx.orgId, from, to), loadSpanReconciliation(ctx.orgId, from, to), loadAttribution(ctx.orgId)]);
  const latest: UnitDay | undefined = u.days.at(-1);
  const units: StatsUnit[] = ["request", "conversation", "user", "customer"];

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Unit economics</h1>
      <p className="text-sm text-gray-600">
        Cost per request, conversation, user and customer, from the OpenTelemetry GenAI spans your services send to <code>/api/v1/otlp/v1/traces</code> (docs/otlp.md). Each span is priced
        from the price catalog of its day unless it carries its own cost. This is attribution: it is never added to billed spend. Days are UTC; from {from} to {to} ·{" "}
        {WINDOWS.map((w) => (
          <Link key={w} href={`/${ctx.orgSlug}/unit-economics?days=${w}`} className={w === days ? "font-semibold" : "text-blue-700 underline"}>
            {w} days{" "}
          </Link>
        ))}
      </p>

      {u.days.length === 0 ? (
        <p className="rounded bg-white p-4 shadow text-sm" data-testid="unit-economics-empty">
          No GenAI spans in these days. Point an OTLP/HTTP exporter at <code>&lt;this app&gt;/api/v1/otlp</code> with the header <code>Authorization=Bearer bk_…</code> (an org API token from{" "}
          <Link href={`/${ctx.orgSlug}/settings/api-tokens`} className="text-blue-700 hover:underline">API tokens</Link>).
        </p>
      ) : null}

      {latest ? (
        <section className="grid grid-cols-2 md:grid-cols-4 gap-3" data-testid="unit-cards">
          {units.map((unit) => {
            const s = latest.units[unit];
            const t = u.trend[unit];
            return (
              <div key={unit} className="rounded-lg bg-white p-4 shadow">
                <p className="text-xs text-gray-500">Cost per {UNIT_LABEL[unit]}, {latest.day}</p>
                <p className="text-xl font-semibold tabular-nums">{usd(s?.p50)} <span className="text-sm font-normal text-gray-500">p50</span></p>
                <p className="text-sm tabular-nums">{usd(s?.p95)} p95 · {usd(s?.mean)} mean</p>
                <p className="text-xs text-gray-500">p95, last 7 days vs the 7 before: {t ? `${usd(t.current)} vs ${usd(t.previous)} (${pct(t.changePercent)})` : "not enough days"}</p>
              </div>
            );
          })}
        </section>
      ) : null}

      {u.days.length > 0 ? (
        <table className="w-full bg-white rounded-lg shadow text-sm" data-testid="unit-days">
          <thead>
            <tr className="text-left text-gray-500">
              <th className="p-2">Day</th><th className="p-2 text-right">Requests</th><th className="p-2 text-right">Cost</th><th className="p-2 text-right">Per request (mean)</th>
              <th className="p-2 text-right">Per conversation p50 / p95</th><th className="p-2 text-right">Per user p50 / p95</th><th className="p-2 text-right">Per customer p50 / p95</th>
            </tr>
          </thead>
          <tbody className="tabular-nums">
            {[...u.days].reverse().map((d) => (
              <tr key={d.day} className="border-t">
                <td className="p-2">{d.day}</td>
                <td className="p-2 text-right">{d.requests.toLocaleString("en-US")}</td>
                <td className="p-2 text-right">{usd(d.cost)}</td>
                <td className="p-2 text-right">{usd(d.costPerRequest)}</td>
                {(["conversation", "user", "customer"] as const).map((unit) => (
                  <td key={unit} className="p-2 text-right">{d.units[unit] ? `${usd(d.units[unit]!.p50)} / ${usd(d.units[unit]!.p95)}` : "—"}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <section className="grid md:grid-cols-2 gap-4">
        {([["Top customers", u.topCustomers, "top-customers"], ["Top features", u.topFeatures, "top-features"]] as const).map(([title, rows, id]) => (
          <div key={id} className="rounded-lg bg-white p-4 shadow">
            <h2 className="font-semibold">{title}</h2>
            <table className="w-full text-sm" data-testid={id}>
              <tbody className="tabular-nums">
                {rows.map((r) => (
                  <tr key={r.value} className="border-t">
                    <td className="py-1">{r.value === "" ? <span className="text-gray-500">(not set)</span> : r.value === OTHER ? <span className="text-gray-500">{OTHER}</span> : r.value}</td>
                    <td className="py-1 text-right">{usd(r.cost)}</td>
                    <td className="py-1 text-right text-gray-500">{r.requests.toLocaleString("en-US")} requests</td>
                  </tr>
                ))}
                {rows.length === 0 ? <tr><td className="py-1 text-gray-500">None yet (settled every 10 minutes).</td></tr> : null}
              </tbody>
            </table>
          </div>
        ))}
      </section>
      <p className="text-xs text-gray-500" data-testid="cardinality-note">
        Cardinality is bounded: per day and dimension the top {u.topN} values by cost are kept and the rest are summed as &quot;{OTHER}&quot;. Splits by customer, feature, user and project and the
        percentiles are settled from the raw spans every 10 minutes (the last 7 days nightly); totals per model update as spans arrive. Raw spans are kept for the configured retention only.
      </p>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Spans against billed spend</h2>
        <p className="text-sm text-gray-600">
          Span-derived (estimated) spend per provider, model and day beside what the provider billed (connections, FOCUS, pushed costs) for the same day. A gap means spans missing, retries not
          traced or cached tokens priced differently. Where a provider bills per project rather than per model, spans are compared per provider ({ALL_MODELS}).
        </p>
        <table className="w-full bg-white rounded-lg shadow text-sm" data-testid="span-reconciliation">
          <thead>
            <tr className="text-left text-gray-500">
              <th className="p-2">Day</th><th className="p-2">Provider · model</th><th className="p-2 text-right">Spans (estimated)</th><th className="p-2 text-right">Billed</th><th className="p-2 text-right">Gap</th>
            </tr>
          </thead>
          <tbody className="tabular-nums">
            {reconcile.map((r) => (
              <tr key={`${r.day}/${r.provider}/${r.model}`} className="border-t">
                <td className="p-2">{r.day}</td>
                <td className="p-2">{r.provider} · {r.model || "(no model)"} <span className="text-gray-500">· {r.spanRequests.toLocaleString("en-US")} spans</span></td>
                <td className="p-2 text-right">{formatUsd(r.spans)}</td>
                <td className="p-2 text-right">{r.billed ? formatUsd(r.billed) : "—"}</td>
                <td className="p-2 text-right">{r.gapPercent === null ? "no billed spend" : `${r.gapPercent}%`}</td>
              </tr>
            ))}
            {reconcile.length === 0 ? <tr><td className="p-2 text-gray-500" colSpan={5}>No spans in these days.</td></tr> : null}
          </tbody>
        </table>
      </section>

      <section className="rounded-lg bg-white p-4 shadow text-sm space-y-2" data-testid="ingest-counts">
        <h2 className="font-semibold">What the endpoint received ({from} to {to})</h2>
        <p className="tabular-nums">
          {u.ingest.received.toLocaleString("en-US")} spans received: {u.ingest.accepted.toLocaleString("en-US")} GenAI spans stored, {u.ingest.duplicates.toLocaleString("en-US")} re-sent
          (counted once), {u.ingest.ignored.toLocaleString("en-US")} without GenAI usage attributes (ignored), {u.ingest.rejected.toLocaleString("en-US")} rejected as malformed.
        </p>
      </section>

      <section className="rounded-lg bg-white p-4 shadow text-sm space-y-2">
        <h2 className="font-semibold">Attribution</h2>
        <p className="text-gray-600">Which span or resource attribute feeds each dimension (a span attribute wins over a resource attribute of the same name).</p>
        <AttributionForm org={ctx.orgSlug} initial={attribution} canEdit={can(ctx.role, "org.manage")} />
      </section>
    </div>
  );
}

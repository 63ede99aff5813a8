import Link from "next/link";
import { pageOrgContext } from "@/lib/auth/page";
import { formatUsd } from "@/lib/money";
import { modelPriceHistory, pricesOverview, upcomingRetirementsInUse } from "@/lib/pricing/prices-page";

export const dynamic = "force-dynamic";

const MAX_ROWS = 300;
const signed = (v: string) => (Number(v) > 0 ? `+${formatUsd(v)}` : formatUsd(v));

// Model prices: what changed recently and what it does to this org's bill, models in use that are about to
// retire, one model's history (?provider=&model=), and every price in effect (?q= filters).
export default async function PricesPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ provider?: string; model?: string; q?: string }> }) {
  const { org } = await params;
  const { provider, model, q } = await searchParams;
  const ctx = await pageOrgContext(org, "prices.read");
  const now = new Date();
  const [{ current, recent, held }, retiring, history] = await Promise.all([
    pricesOverview(ctx, now),
    upcomingRetirementsInUse(ctx, now),
    provider && model ? modelPriceHistory(provider, model) : Promise.resolve(null),
  ]);
  const needle = (q ?? "").toLowerCase();
  const rows = current.filter((p) => !needle || `${p.provider} ${p.model}`.toLowerCase().includes(needle)).sort((a, b) => Number(b.inUse) - Number(a.inUse));
  const link = (p: string, m: string) => `/${ctx.orgSlug}/prices?provider=${encodeURIComponent(p)}&model=${encodeURIComponent(m)}`;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Model prices</h1>

      {history ? (
        <section className="bg-white rounded-lg shadow p-4 space-y-3" data-testid="price-history">
          <h2 className="text-lg font-semibold">{history.provider} {history.model}: price history</h2>
          {history.retirement ? <p role="alert" className="text-sm text-red-700">Retires {history.retirement.retiresAt}{history.retirement.replacement ? `; replacement ${history.retirement.replacement}` : ""} ({history.retirement.source})</p> : null}
          <table className="w-full text-sm">
            <thead><tr className="text-left text-gray-500"><th>From</th><th>Source</th><th>Input /1M</th><th>Output /1M</th><th>Cached input /1M</th><th>Cache write /1M</th></tr></thead>
            <tbody>{history.versions.map((v) => <tr key={v.id} className="border-t"><td>{v.effectiveFrom.slice(0, 16).replace("T", " ")}</td><td>{v.source}</td><td>{v.input}</td><td>{v.output}</td><td>{v.cachedInput}</td><td>{v.cacheWrite}</td></tr>)}</tbody>
          </table>
          {history.changes.length ? <ul className="text-sm text-gray-700">{history.changes.map((c) => <li key={c.id}>{c.effectiveFrom.slice(0, 10)} ({c.dated}): {c.field} {c.oldValue} → {c.newValue} · {c.status}{c.note ? ` · ${c.note}` : ""}</li>)}</ul> : <p className="text-sm text-gray-600">No price change recorded.</p>}
        </section>
      ) : null}

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Recent changes (90 days) and what they mean for {ctx.orgName}</h2>
        {recent.length === 0 ? <p className="text-sm text-gray-600">No price changed in the last 90 days.</p> : (
          <ul className="bg-white rounded-lg shadow divide-y text-sm" data-testid="recent-changes">
            {recent.map((c) => (
              <li key={c.toVersionId} className="p-3">
                <div className="flex justify-between gap-4">
                  <Link className="font-medium text-blue-800 hover:underline" href={link(c.provider, c.model)}>{c.provider} {c.model}</Link>
                  <span className={c.monthlyDelta === null ? "text-gray-500" : Number(c.monthlyDelta) > 0 ? "text-red-700 font-semibold" : "text-green-700 font-semibold"}>
                    {c.monthlyDelta === null ? "not used by you" : `${signed(c.monthlyDelta)}/month`}
                  </span>
                </div>
                <p className="text-gray-700">{c.descriptions.join("; ")} · effective {c.effectiveFrom.slice(0, 10)} ({c.dated})</p>
                {c.perProject.length ? <p className="text-gray-600">{c.perProject.map((p) => p.sentence).join("; ")}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {held.length ? (
        <section className="space-y-2" data-testid="suspect-prices">
          <h2 className="text-lg font-semibold">Suspect catalog prices</h2>
          <p className="text-sm text-gray-600">A price that moved five-fold or more in one step is held until a later catalog version confirms it; until then it is not used for estimates, impact or alerts.</p>
          <ul className="bg-white rounded-lg shadow divide-y text-sm">
            {held.map((h) => (
              <li key={`${h.provider}/${h.model}/${h.field}/${h.detectedAt}`} className="p-3">
                <span role={h.state === "unconfirmed" ? "alert" : undefined} className={h.state === "unconfirmed" ? "text-amber-700 font-medium" : "text-gray-700"}>
                  {h.state === "unconfirmed" ? "Unconfirmed" : "Corrected"}: {h.provider} {h.model} {h.field} {h.oldValue} → {h.newValue} (published {h.effectiveFrom.slice(0, 10)})
                </span>
                <p className="text-gray-600">{h.note}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {retiring.length ? (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">Models you use that retire soon</h2>
          <ul className="bg-white rounded-lg shadow divide-y text-sm">
            {retiring.map((r) => <li key={`${r.provider}/${r.model}`} className="p-3"><Link className="text-blue-800 hover:underline" href={link(r.provider, r.replacement ?? r.model)}>{r.provider} {r.model}</Link> retires {r.retiresAt}{r.replacement ? ` (replacement ${r.replacement})` : ""}; used by {r.projects.join(", ")}</li>)}
          </ul>
        </section>
      ) : null}

      <section className="space-y-2">
        <div className="flex items-end justify-between">
          <h2 className="text-lg font-semibold">Prices in effect (USD per 1M tokens)</h2>
          <form method="get" className="text-sm"><input name="q" defaultValue={q ?? ""} placeholder="Filter: provider or model" className="border rounded px-2 py-1" /></form>
        </div>
        <table className="w-full bg-white rounded-lg shadow text-sm" data-testid="current-prices">
          <thead><tr className="text-left text-gray-500"><th className="p-2">Model</th><th className="p-2">Input</th><th className="p-2">Output</th><th className="p-2">Cached input</th><th className="p-2">Cache write</th><th className="p-2">Since</th></tr></thead>
          <tbody>
            {rows.slice(0, MAX_ROWS).map((p) => (
              <tr key={`${p.provider}/${p.model}`} className="border-t">
                <td className="p-2"><Link className="hover:underline" href={link(p.provider, p.model)}>{p.provider} {p.model}</Link>{p.inUse ? <span className="ml-2 text-xs rounded bg-blue-100 text-blue-800 px-1">in use</span> : null}</td>
                <td className="p-2">{p.input}</td><td className="p-2">{p.output}</td><td className="p-2">{p.cachedInput}</td><td className="p-2">{p.cacheWrite}</td>
                <td className="p-2 text-gray-500">{p.effectiveFrom.slice(0, 10)} · {p.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length > MAX_ROWS ? <p className="text-xs text-gray-500">Showing {MAX_ROWS} of {rows.length}; filter to see the others.</p> : null}
      </section>
    </div>
  );
}

import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { pageOrgContext } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { formatUsd } from "@/lib/money";
import { vendorRiskReport } from "@/lib/risk/queries";
import { riskReportDto } from "@/lib/risk/dto";
import { ShareBars } from "./shares";

export const dynamic = "force-dynamic";

const FACTOR_LABEL: Record<string, string> = { dependence: "dependence (its part of the concentration index)", price: "price increases", terms: "material terms changes", retirement: "spend retiring within 6 months", lockIn: "spend without a comparable open-weight alternative" };
const BAND_CLASS: Record<string, string> = { high: "bg-red-100 text-red-800", medium: "bg-amber-100 text-amber-800", low: "bg-green-100 text-green-800" };

export default async function VendorRiskPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "spend.read");
  const r = riskReportDto(ctx.orgSlug, await vendorRiskReport(ctx, new Date()));
  const canBuild = can(ctx.role, "scenarios.write");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Vendor risk</h1>
      {r.vendors.length === 0 ? (
        <EmptyState testId="risk-empty" links={[{ label: "Connections", href: `/${ctx.orgSlug}/settings/connections` }, { label: "Import a billing file", href: `/${ctx.orgSlug}/settings/import` }]}>
          No AI spend in the last 12 months. Each vendor you spend with gets a card here (share of spend, price and terms changes, retirements) once billing data comes in.
        </EmptyState>
      ) : null}
      <div className="grid grid-cols-1 md:grid-cols-2 gap-4">
        <section className="bg-white rounded-lg shadow p-4">
          <h2 className="text-sm text-gray-500">Concentration across vendors (last 12 months)</h2>
          <p className="text-3xl font-semibold" data-testid="hhi">{Number(r.hhi).toLocaleString("en-US")}</p>
          <p className="text-sm font-medium mb-2" data-testid="hhi-band">{r.band}</p>
          <p className="text-sm text-gray-700" data-testid="hhi-explanation">{r.hhiExplanation}</p>
        </section>
        <section className="bg-white rounded-lg shadow p-4">
          <h2 className="text-sm text-gray-500 mb-2">Share of spend</h2>
          <ShareBars rows={r.vendors.map((v) => ({ name: v.vendor, value: Number(v.sharePct) }))} />
        </section>
      </div>
      <section className="bg-white rounded-lg shadow p-4">
        <h2 className="text-sm text-gray-500 mb-1">How the risk score is made (0–100)</h2>
        <p className="text-sm font-mono" data-testid="risk-formula">{r.formula}</p>
        <p className="text-xs text-gray-500 mt-1">60 and above is high, 30–60 medium. Price and terms count the last 12 months; retirements and alternatives weigh the last 30 days of spend. An open-weight alternative is a model in the price catalog whose weights can be run in production, doing the same kind of work (chat or embeddings).</p>
      </section>
      <table className="w-full bg-white rounded-lg shadow text-sm" data-testid="vendor-risk">
        <thead>
          <tr className="text-left text-gray-500">{["Vendor", "Share", "Spend, 12 months", "Price changes", "Terms changes", "Retiring ≤ 6 months", "No open-weight alternative", "Risk score"].map((h) => <th key={h} className="p-2">{h}</th>)}</tr>
        </thead>
        <tbody>
          {r.vendors.map((v) => (
            <tr key={v.vendor} className="border-t align-top" data-testid={`vendor-${v.vendor}`}>
              <td className="p-2 font-medium">{v.vendor}</td>
              <td className="p-2" data-testid={`share-${v.vendor}`}>{v.sharePct}%</td>
              <td className="p-2">{formatUsd(v.spend12)}</td>
              <td className="p-2">{v.priceChanges} ({v.priceIncreases} up)</td>
              <td className="p-2">{v.termsChanges.length} ({v.materialTermsChanges} material)</td>
              <td className="p-2">{formatUsd(v.retiringSpend)} <span className="text-xs text-gray-500">last 30 days</span></td>
              <td className="p-2">{formatUsd(v.noAlternativeSpend)} <span className="text-xs text-gray-500">of {formatUsd(v.recentSpend)}</span></td>
              <td className="p-2"><span className={`rounded px-2 py-0.5 ${BAND_CLASS[v.band]}`} data-testid={`score-${v.vendor}`}>{v.score}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.vendors.map((v) => (
        <section key={v.vendor} className="bg-white rounded-lg shadow p-4 space-y-2" data-testid={`detail-${v.vendor}`}>
          <h2 className="text-lg font-semibold">{v.vendor}: {v.score} ({v.band})</h2>
          <p className="text-sm">= {v.parts.map((p) => `${p.points} (${FACTOR_LABEL[p.factor]} ${p.value})`).join(" + ")}</p>
          <p className="text-sm">
            What if {v.vendor}{" "}
            {canBuild ? <Link className="underline" href={v.links.doubled} data-testid={`whatif-doubled-${v.vendor}`}>doubled its prices</Link> : "doubled its prices"}
            {" / "}
            {canBuild ? <Link className="underline" href={v.links.disappeared} data-testid={`whatif-gone-${v.vendor}`}>disappeared tomorrow</Link> : "disappeared tomorrow"}
            {canBuild ? `? Opens a scenario built from its workloads${v.fallback ? ` (moving to ${v.fallback.provider} ${v.fallback.model} if it disappeared)` : ""}.` : "? (executives, admins and owners can build the scenario)"}
          </p>
          <table className="w-full text-sm">
            <thead><tr className="text-left text-gray-500"><th className="p-1">Model in use</th><th className="p-1">Spend, last 30 days</th><th className="p-1">Open-weight alternative in the catalog</th></tr></thead>
            <tbody>{v.models.map((m) => <tr key={m.model} className="border-t"><td className="p-1">{m.model}</td><td className="p-1">{formatUsd(m.spend)}</td><td className="p-1">{m.alternative ?? "none"}</td></tr>)}</tbody>
          </table>
          {v.retiring.length ? <ul className="text-sm list-disc pl-5">{v.retiring.map((m) => <li key={m.model}>{m.model} retires on {m.retiresAt} ({m.daysLeft} days){m.replacement ? `, replacement ${m.replacement}` : ""}: {formatUsd(m.spend)} in the last 30 days</li>)}</ul> : null}
          {v.termsChanges.length ? <ul className="text-sm list-disc pl-5">{v.termsChanges.map((t, i) => <li key={i}>{t.detectedAt} · {t.title} · {t.severity}: {t.summary}</li>)}</ul> : <p className="text-sm text-gray-500">No terms or policy changes detected in the last 12 months.</p>}
        </section>
      ))}
    </div>
  );
}

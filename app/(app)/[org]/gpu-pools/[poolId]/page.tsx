import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { pageOrgContext } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";
import { formatUsdPerMillion } from "@/lib/gpu/api-comparison";
import { getPool } from "@/lib/gpu/pools";
import { getPoolDetail, OUTAGE_TOKENS_LABEL, parseRange, RANGES } from "@/lib/gpu/queries";
import { formatUsd } from "@/lib/money";
import { PowerChart, TokensChart, UtilisationChart } from "../charts";
import { coverageSentence } from "@/lib/gpu/coverage-text";

export const dynamic = "force-dynamic";

const int = (s: string) => BigInt(s).toLocaleString("en-US");

export default async function GpuPoolPage({ params, searchParams }: { params: Promise<{ org: string; poolId: string }>; searchParams: Promise<{ range?: string }> }) {
  const { org, poolId } = await params;
  const ctx = await pageOrgContext(org, "gpuPools.read");
  const range = parseRange((await searchParams).range);
  let detail, settings;
  try {
    [detail, settings] = await Promise.all([getPoolDetail(ctx, poolId, range, new Date()), getPool(ctx, poolId)]);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const s = detail.summary;
  const daily = RANGES[range].bucket === "day";
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/${ctx.orgSlug}/gpu-pools`} className="text-sm text-blue-700">← GPU pools</Link>
        <h1 className="text-2xl font-semibold">{s.name}</h1>
        <p className="text-sm text-gray-500">{s.gpuCount} × {s.gpuModel} · {s.costModel === "CLOUD" ? `cloud, ${s.pricingTerm === "RESERVED" ? "reserved" : "on-demand"}` : "owned"} · figures for {s.month} (UTC), {s.hours} h measured</p>
        {s.lastScrapeError ? <p role="alert" className="mt-2 text-sm text-red-700">Last scrape failed: {s.lastScrapeError}</p> : null}
      </div>

      <div className="grid grid-cols-1 md:grid-cols-4 gap-4">
        <Card title="Cost per hour">
          <p className="text-3xl font-semibold" data-testid="cost-per-hour">{formatUsd(s.costPerHour.total)}/h</p>
          <p className="text-xs text-gray-500">{s.costModel === "CLOUD" ? "rental" : "amortisation"} {formatUsd(s.costPerHour.hardware)} · staff {formatUsd(s.costPerHour.staff)} · power {formatUsd(s.costPerHour.energy)}</p>
        </Card>
        <Card title="Effective cost per 1M tokens">
          <p className="text-3xl font-semibold" data-testid="effective-per-million">{s.effectivePerMillion ? formatUsdPerMillion(s.effectivePerMillion) : "—"}</p>
          <p className="text-xs text-gray-500">{formatUsd(s.monthCost)} for {int(s.tokens.total)} tokens this month</p>
        </Card>
        <Card title={s.api ? `API: ${s.api.provider}/${s.api.model}` : "Comparable API"}>
          {s.api ? (
            <>
              <p className="text-3xl font-semibold" data-testid="api-per-million">{s.api.perMillion ? formatUsdPerMillion(s.api.perMillion) : "—"}</p>
              <p className="text-xs text-gray-500">per 1M tokens of the same mix; {formatUsd(s.api.costForSameTokens)} for this month&apos;s tokens (${s.api.inputPerMTok} in / ${s.api.outputPerMTok} out per 1M, since {s.api.effectiveFrom.slice(0, 10)})</p>
            </>
          ) : (
            <p className="text-sm text-gray-500">No comparable model set, or no price for it in the catalog.</p>
          )}
        </Card>
        <Card title="Idle cost this month">
          <p className="text-3xl font-semibold" data-testid="idle-cost-month">{formatUsd(s.idle.cost)}</p>
          <p className="text-xs text-gray-500">{Number(s.idle.gpuHours).toFixed(1)} GPU-hours below {s.idle.thresholdPct} % utilisation</p>
          <p className="text-xs text-gray-500" data-testid="scrape-coverage">{coverageSentence(s.coverage)}</p>
        </Card>
      </div>

      <nav className="flex gap-2 text-sm" aria-label="Range">
        {Object.keys(RANGES).map((r) => (
          <Link key={r} href={`?range=${r}`} className={`rounded px-2 py-1 ${r === range ? "bg-blue-700 text-white" : "bg-white shadow"}`}>{r}</Link>
        ))}
      </nav>
      <div className="grid grid-cols-1 md:grid-cols-2 gap-4">
        <Card title="Utilisation (mean over GPUs)"><UtilisationChart points={detail.series} daily={daily} /></Card>
        <Card title="Power draw (all GPUs, before PUE)"><PowerChart points={detail.series} daily={daily} /></Card>
      </div>
      <Card title="Tokens served per model"><TokensChart rows={detail.tokenSeries} models={[...s.models.map((m) => m.modelName), ...(detail.tokenSeries.some((r) => OUTAGE_TOKENS_LABEL in r.tokens) ? [OUTAGE_TOKENS_LABEL] : [])]} daily={daily} />
          {detail.tokenSeries.some((r) => OUTAGE_TOKENS_LABEL in r.tokens) ? <p className="text-xs text-gray-500" data-testid="outage-note">Scrapes were missing for longer than twice the interval: the tokens the servers&apos; counters show were served during such an outage are drawn apart, in the hour it ended, because when they were served is not known. Gaps in the utilisation and power charts are the outages themselves.</p> : null}</Card>

      <Card title={`Models this month`}>
        <Table head={["Model", "Prompt tokens", "Generated tokens", "Share", "Cost carried"]} rows={s.models.map((m) => [m.modelName, int(m.prompt), int(m.generation), `${(Number(m.share) * 100).toFixed(1)} %`, formatUsd(m.cost)])} empty="No tokens served this month." />
      </Card>
      <Card title="GPUs this month">
        <Table
          head={["GPU", "Host", "GPU-hours", "Avg utilisation", "Avg power", "Energy", "Idle GPU-hours", "Last hour"]}
          rows={detail.gpus.map((g) => [`${g.gpuIndex ?? "?"} · ${g.gpuUuid}`, g.host || "—", Number(g.gpuHours).toFixed(1), g.avgUtilisationPct ? `${g.avgUtilisationPct} %` : "—", g.avgPowerWatts ? `${g.avgPowerWatts} W` : "—", `${Number(g.energyKwh).toFixed(2)} kWh`, Number(g.idleGpuHours).toFixed(1), g.lastHour.slice(0, 16).replace("T", " ")])}
          empty="No GPU metrics rolled up this month yet."
          testId="gpu-table"
        />
      </Card>
      <Card title="Metric sources">
        <Table
          head={["Kind", "URL", "Last scrape", "Last error"]}
          rows={settings.sources.map((src) => [src.kind === "PROMETHEUS_TEXT" ? "/metrics" : "Prometheus API", src.url, src.lastScrapeAt ? src.lastScrapeAt.slice(0, 19).replace("T", " ") : "never", src.lastError ?? (src.enabled ? "—" : "disabled")])}
          empty="No metric source: add one in GPU pool settings."
        />
      </Card>
    </div>
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="bg-white rounded-lg shadow p-4">
      <h2 className="text-sm text-gray-500 mb-2">{title}</h2>
      {children}
    </section>
  );
}

function Table({ head, rows, empty, testId }: { head: string[]; rows: string[][]; empty: string; testId?: string }) {
  if (!rows.length) return <p className="text-sm text-gray-500">{empty}</p>;
  return (
    <table className="w-full text-sm" data-testid={testId}>
      <thead><tr className="text-left text-gray-500">{head.map((h) => <th key={h} className="p-1">{h}</th>)}</tr></thead>
      <tbody>{rows.map((r, i) => <tr key={i} className="border-t">{r.map((c, j) => <td key={j} className="p-1 break-all">{c}</td>)}</tr>)}</tbody>
    </table>
  );
}

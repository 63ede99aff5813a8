import Link from "next/link";
import { pageOrgContext } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { formatUsdPerMillion } from "@/lib/gpu/api-comparison";
import { getPoolSummaries } from "@/lib/gpu/queries";
import { formatUsd } from "@/lib/money";
import { coverageSentence } from "@/lib/gpu/coverage-text";

export const dynamic = "force-dynamic";

// Every GPU pool with what it really costs: $/h, effective $/1M tokens against the comparable
// API, and what idle GPUs cost this month.
export default async function GpuPoolsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "gpuPools.read");
  const pools = await getPoolSummaries(ctx, new Date());
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">GPU pools</h1>
      {pools.length === 0 ? (
        <p className="text-sm text-gray-600">
          No GPU pool yet.{" "}
          {can(ctx.role, "gpuPools.manage") ? <Link className="text-blue-700 underline" href={`/${ctx.orgSlug}/settings/gpu-pools`}>Add one in GPU pool settings</Link> : "An engineer or admin can add one."}
        </p>
      ) : null}
      <div className="grid grid-cols-1 md:grid-cols-2 gap-4">
        {pools.map((p) => (
          <Link key={p.id} href={`/${ctx.orgSlug}/gpu-pools/${p.id}`} className="block bg-white rounded-lg shadow p-4 hover:ring-2 hover:ring-blue-200" data-testid={`pool-card-${p.name}`}>
            <div className="flex justify-between items-baseline">
              <h2 className="text-lg font-semibold">{p.name}</h2>
              <span className="text-xs text-gray-500">{p.gpuCount} × {p.gpuModel} · {p.costModel === "CLOUD" ? `cloud${p.pricingTerm === "RESERVED" ? ", reserved" : ""}` : "owned"}</span>
            </div>
            <dl className="grid grid-cols-3 gap-2 mt-3 text-sm">
              <div><dt className="text-gray-500">Cost per hour</dt><dd className="text-xl font-semibold" data-testid="cost-per-hour">{formatUsd(p.costPerHour.total)}/h</dd></div>
              <div>
                <dt className="text-gray-500">Per 1M tokens ({p.month})</dt>
                <dd className="text-xl font-semibold" data-testid="effective-per-million">{p.effectivePerMillion ? formatUsdPerMillion(p.effectivePerMillion) : "—"}</dd>
                {p.api?.perMillion ? <dd className="text-xs text-gray-500">API {p.api.model}: {formatUsdPerMillion(p.api.perMillion)}</dd> : null}
              </div>
              <div><dt className="text-gray-500">Idle cost this month</dt><dd className="text-xl font-semibold" data-testid="idle-cost-month">{formatUsd(p.idle.cost)}</dd><dd className="text-xs text-gray-500">{coverageSentence(p.coverage)}</dd></div>
            </dl>
            {p.lastScrapeError ? <p role="alert" className="mt-2 text-xs text-red-700">Last scrape failed: {p.lastScrapeError}</p> : <p className="mt-2 text-xs text-gray-500">{p.lastScrapeAt ? `Last scrape ${p.lastScrapeAt.slice(0, 16).replace("T", " ")} UTC` : "Not scraped yet"}</p>}
          </Link>
        ))}
      </div>
    </div>
  );
}

import Link from "next/link";
import { pageOrgContext } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";
import { formatUsd } from "@/lib/money";
import { getReconciliation, type ReconciliationDto } from "@/lib/spend/reconciliation";
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
  try {
    r = await getReconciliation(ctx, month);
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
    </div>
  );
}

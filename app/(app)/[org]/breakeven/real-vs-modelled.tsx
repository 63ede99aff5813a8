import { formatUsd } from "@/lib/money";
import type { RealVsModelledDto } from "@/lib/spend/breakeven-view";

// For a pool that serves traffic: what its tokens would have cost on the comparable API, month by
// month, against what the pool really cost. Positive savings: the pool paid off that month.
export function RealVsModelledTable({ data, currency }: { data: RealVsModelledDto; currency: string }) {
  const money = (v: string) => formatUsd(v, currency);
  return (
    <section className="bg-white rounded-lg shadow p-4" data-testid="real-vs-modelled">
      <h2 className="font-semibold">Real vs modelled: {data.poolName}</h2>
      {data.totals === null ? (
        <p className="text-sm text-gray-500">{data.reason}</p>
      ) : (
        <>
          <p className="text-sm text-gray-600 mb-2">
            Its tokens priced at {data.comparable}: {money(data.totals.apiCost)} on the API against {money(data.totals.poolCost)} for the pool, so{" "}
            <strong className={data.totals.savings.startsWith("-") ? "text-red-700" : "text-green-700"}>
              {data.totals.savings.startsWith("-") ? `a loss of ${money(data.totals.savings.slice(1))}` : `savings of ${money(data.totals.savings)}`}
            </strong>{" "}
            over {data.months.length} months.
          </p>
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-gray-500"><th className="p-1">Month</th><th className="p-1 text-right">Tokens served</th><th className="p-1 text-right">Would have cost on the API</th><th className="p-1 text-right">Pool cost</th><th className="p-1 text-right">Savings</th><th className="p-1 text-right">Pool $/1M tokens</th></tr>
            </thead>
            <tbody>
              {data.months.map((m) => (
                <tr key={m.month} className="border-t">
                  <td className="p-1">{m.month}</td>
                  <td className="p-1 text-right tabular-nums">{Number(m.tokens).toLocaleString("en-US")}</td>
                  <td className="p-1 text-right tabular-nums">{money(m.apiCost)}</td>
                  <td className="p-1 text-right tabular-nums">{money(m.poolCost)}</td>
                  <td className={`p-1 text-right tabular-nums ${m.savings.startsWith("-") ? "text-red-700" : "text-green-700"}`}>{money(m.savings)}</td>
                  <td className="p-1 text-right tabular-nums">{m.poolCostPerMTok === null ? "—" : `$${m.poolCostPerMTok}`}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="border-t-2 font-semibold">
                <td className="p-1">Total</td>
                <td className="p-1 text-right tabular-nums">{Number(data.totals.tokens).toLocaleString("en-US")}</td>
                <td className="p-1 text-right tabular-nums">{money(data.totals.apiCost)}</td>
                <td className="p-1 text-right tabular-nums">{money(data.totals.poolCost)}</td>
                <td className="p-1 text-right tabular-nums">{money(data.totals.savings)}</td>
                <td />
              </tr>
            </tfoot>
          </table>
        </>
      )}
    </section>
  );
}

import { RESERVED_OFFERINGS, RESERVED_TABLE_AS_OF, type ReservedQuote } from "@/lib/savings/reserved-prices";

// The dated, cited table of provisioned-throughput offerings, with a form to compute with your own
// quote instead (a GET form: the figures travel in the URL, nothing is stored).
export function ReservedTable({ quotes }: { quotes: Readonly<Record<string, ReservedQuote>> }) {
  return (
    <div className="bg-white rounded-lg shadow p-4" data-testid="reserved-table">
      <h3 className="font-semibold mb-1">Provisioned throughput prices (as of {RESERVED_TABLE_AS_OF})</h3>
      <form method="get" className="space-y-2">
        <table className="w-full text-sm">
          <thead><tr className="text-left text-gray-500">{["Offering", "USD per unit a month", "Input tokens/min per unit (per model)", "Sources", "Your quote: USD a month · TPM · minimum units"].map((h) => <th key={h} className="p-1">{h}</th>)}</tr></thead>
          <tbody>{RESERVED_OFFERINGS.map((o) => (
            <tr key={o.id} className="border-t align-top">
              <td className="p-1">{o.label}<div className="text-xs text-gray-500">{o.note}</div></td>
              <td className="p-1">{o.unitPricePerMonth ? `$${o.unitPricePerMonth} per ${o.unitName}` : "unknown (not published)"}</td>
              <td className="p-1">{Object.keys(o.models).length ? Object.entries(o.models).map(([m, s]) => <div key={m}>{m}: {s.inputTpmPerUnit?.toLocaleString("en-US") ?? "unknown"} (min {s.minUnits})</div>) : "unknown (not published)"}</td>
              <td className="p-1 text-xs break-all"><div>{o.priceSource}</div><div>{o.throughputSource}</div></td>
              <td className="p-1 space-y-1">
                <input aria-label={`${o.label}: quoted USD per unit a month`} name={`q.${o.id}.price`} defaultValue={quotes[o.id]?.unitPricePerMonth ?? ""} className="border rounded px-1 w-24" inputMode="decimal" />
                <input aria-label={`${o.label}: quoted input tokens per minute per unit`} name={`q.${o.id}.tpm`} defaultValue={quotes[o.id]?.inputTpmPerUnit ?? ""} className="border rounded px-1 w-24" inputMode="numeric" />
                <input aria-label={`${o.label}: quoted minimum units`} name={`q.${o.id}.min`} defaultValue={quotes[o.id]?.minUnits ?? ""} className="border rounded px-1 w-16" inputMode="numeric" />
              </td>
            </tr>))}
          </tbody>
        </table>
        <button type="submit" className="rounded border border-blue-700 text-blue-700 px-2 py-0.5 text-sm">Recompute with these quotes</button>
      </form>
    </div>
  );
}

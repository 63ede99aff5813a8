import { formatUsd } from "@/lib/money";
import { GROUP_BY_LABEL } from "@/lib/spend/filters";
import type { SpendTableDto } from "@/lib/spend/view";

// One table of the Spend page with its total row; the CSV link exports exactly these figures.
export function SpendTable({ table, currency, csvHref, testId }: { table: SpendTableDto; currency: string; csvHref: string; testId: string }) {
  const hasEstimated = table.total.estimated !== "0.00";
  return (
    <div className="space-y-2">
      <table className="w-full text-sm" data-testid={testId}>
        <thead>
          <tr className="text-left text-gray-500">
            <th className="p-2">{GROUP_BY_LABEL[table.groupBy]}</th>
            <th className="p-2 text-right">Billed</th>
            <th className="p-2 text-right">Estimated</th>
            <th className="p-2 text-right">Total</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.key} className="border-t">
              <td className="p-2">
                {r.label}
                {r.estimated !== "0.00" ? <span className="ml-2 rounded bg-amber-100 text-amber-800 text-xs px-1" title="Priced from the catalog, not yet billed by the provider">est.</span> : null}
              </td>
              <td className="p-2 text-right tabular-nums">{formatUsd(r.billed, currency)}</td>
              <td className="p-2 text-right tabular-nums text-amber-800">{r.estimated === "0.00" ? "—" : formatUsd(r.estimated, currency)}</td>
              <td className="p-2 text-right tabular-nums">{formatUsd(r.total, currency)}</td>
            </tr>
          ))}
          {table.rows.length === 0 ? (
            <tr className="border-t"><td colSpan={4} className="p-2 text-gray-500">No spend in this range: billing data from a connection, an imported file or the usage API fills it (Settings → Connections, Import), or widen the range.</td></tr>
          ) : null}
        </tbody>
        <tfoot>
          <tr className="border-t-2 font-semibold">
            <td className="p-2">Total</td>
            <td className="p-2 text-right tabular-nums">{formatUsd(table.total.billed, currency)}</td>
            <td className="p-2 text-right tabular-nums">{hasEstimated ? formatUsd(table.total.estimated, currency) : "—"}</td>
            <td className="p-2 text-right tabular-nums" data-testid={`${testId}-total`}>{formatUsd(table.total.total, currency)}</td>
          </tr>
        </tfoot>
      </table>
      <div className="flex justify-between text-xs text-gray-500">
        <span>{table.note ?? (hasEstimated ? "Estimated amounts are priced from the catalog until the provider bills them." : "")}</span>
        <a href={csvHref} download className="text-blue-700 hover:underline no-print" data-testid={`${testId}-csv`}>Export CSV</a>
      </div>
    </div>
  );
}

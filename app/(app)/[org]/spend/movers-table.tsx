import { formatUsd } from "@/lib/money";
import { GROUP_BY_LABEL } from "@/lib/spend/filters";
import { MOVER_SIGNIFICANT_PERCENT } from "@/lib/spend/mover-significance";
import type { SpendViewDto } from "@/lib/spend/view";

const day = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const weekday = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString("en-GB", { weekday: "short", timeZone: "UTC" });
const span = (p: { from: string; to: string }) => `${day(p.from)}–${day(p.to)} (${weekday(p.from)}–${weekday(p.to)})`;

/** "1 Dec–2 Dec (Tue–Wed) against 3 Nov–4 Nov (Tue–Wed), the same weekdays 4 weeks earlier; …" */
export function moverPeriodsSentence(p: SpendViewDto["movers"]["periods"]): string {
  return `${span(p.current)} against ${span(p.previous)}, the same weekdays ${p.shiftDays / 7} weeks earlier. Moves smaller than ±${MOVER_SIGNIFICANT_PERCENT}% of the period before are ordinary variation and are not flagged.`;
}

/** The groups whose spend moved most against the same weekdays four (or five) weeks before. */
export function MoversTable({ movers, currency, csvHref }: { movers: SpendViewDto["movers"]; currency: string; csvHref: string }) {
  const p = movers.periods;
  return (
    <div className="space-y-2">
      <p className="text-xs text-gray-500" data-testid="movers-periods">{moverPeriodsSentence(p)}</p>
      <table className="w-full text-sm" data-testid="movers-table">
        <thead>
          <tr className="text-left text-gray-500">
            <th className="p-2">{GROUP_BY_LABEL[movers.groupBy]}</th>
            <th className="p-2 text-right">This period</th>
            <th className="p-2 text-right">Period before</th>
            <th className="p-2 text-right">Change</th>
          </tr>
        </thead>
        <tbody>
          {movers.rows.map((m) => {
            const up = !m.change.startsWith("-");
            return (
              <tr key={m.key} className="border-t">
                <td className="p-2">{m.label}</td>
                <td className="p-2 text-right tabular-nums">{formatUsd(m.current, currency)}</td>
                <td className="p-2 text-right tabular-nums">{formatUsd(m.previous, currency)}</td>
                <td className={`p-2 text-right tabular-nums ${!m.significant ? "text-gray-500" : up ? "text-red-700" : "text-green-700"}`}>
                  {!m.significant ? (up ? "+" : "") : up ? "▲ +" : "▼ "}{formatUsd(m.change, currency)}
                  <span className="text-xs ml-1">{m.changePercent === null ? "(new)" : `(${m.changePercent > 0 ? "+" : ""}${m.changePercent}%)`}</span>
                </td>
              </tr>
            );
          })}
          {movers.rows.length === 0 ? <tr className="border-t"><td colSpan={4} className="p-2 text-gray-500">Nothing moved: models and projects whose spend changes against the previous period show here.</td></tr> : null}
        </tbody>
      </table>
      <div className="text-right text-xs no-print"><a href={csvHref} download className="text-blue-700 hover:underline">Export CSV</a></div>
    </div>
  );
}

import Link from "next/link";
import { formatUsd } from "@/lib/money";
import type { ScenarioAnalysis } from "@/lib/scenarios";
import type { SavedScenario } from "@/lib/scenarios/store";
import { analysisDto, authorName } from "@/lib/scenarios/dto";
import { CumulativeChart } from "./charts";
import { paybackText } from "./results";

// 2–4 saved scenarios side by side: the same figures as each scenario's own page, one column each.

export function Comparison({ org, items }: { org: string; items: { scenario: SavedScenario; analysis: ScenarioAnalysis }[] }) {
  const dtos = items.map((i) => ({ sc: i.scenario, a: analysisDto(i.analysis), horizon: i.analysis.inputs.horizonMonths }));
  const series = dtos.map((d, k) => (dtos.filter((x) => x.sc.name === d.sc.name).length > 1 ? `${d.sc.name} (${k + 1})` : d.sc.name));
  const longest = Math.max(...dtos.map((d) => d.a.months.length));
  const rows = Array.from({ length: longest }, (_, m) => Object.fromEntries([["month", `M${m + 1}`], ...dtos.map((d, k) => [series[k]!, d.a.months[m] ? Number(d.a.months[m]!.cumulativeSavings) : null])]));
  const metric = (label: string, testId: string, value: (d: (typeof dtos)[number]) => string) => (
    <tr className="border-t">
      <th className="p-2 text-left font-medium align-top">{label}</th>
      {dtos.map((d) => <td key={d.sc.id} className="p-2 align-top" data-testid={`${testId}-${d.sc.id}`}>{value(d)}</td>)}
    </tr>
  );
  return (
    <div className="space-y-4">
      <section className="bg-white rounded-lg shadow p-4 print:shadow-none break-inside-avoid">
        <h3 className="text-sm text-gray-500 mb-2">Cumulative savings, month by month</h3>
        <CumulativeChart rows={rows} series={series} />
      </section>
      <div className="bg-white rounded-lg shadow overflow-x-auto print:shadow-none">
        <table className="w-full text-sm" data-testid="comparison">
          <thead>
            <tr>
              <th className="p-2" />
              {dtos.map((d) => <th key={d.sc.id} className="p-2 text-left"><Link href={`/${org}/scenarios/${d.sc.id}`} className="underline">{d.sc.name}</Link><div className="text-xs font-normal text-gray-500">by {authorName(d.sc)}</div></th>)}
            </tr>
          </thead>
          <tbody>
            {metric("Workload", "workload", (d) => d.a.workloadLabel)}
            {metric("Target", "target", (d) => d.a.targetLabel)}
            {metric("Horizon", "horizon", (d) => `${d.horizon} months`)}
            {metric("NPV", "npv", (d) => formatUsd(d.a.totals.npv))}
            {metric("Payback", "payback", (d) => paybackText(d.a.totals.paybackMonth, d.horizon))}
            {metric("Savings over the horizon", "savings", (d) => formatUsd(d.a.totals.savings))}
            {metric("3-year TCO, staying put", "tco-baseline", (d) => formatUsd(d.a.tco3y.baseline))}
            {metric("3-year TCO, scenario", "tco-scenario", (d) => formatUsd(d.a.tco3y.scenario))}
            {metric("Most sensitive to", "sensitive", (d) => (d.a.sensitivity[0] ? `${d.a.sensitivity[0].label} (±20% → ${formatUsd(d.a.sensitivity[0].npvAtLow)} … ${formatUsd(d.a.sensitivity[0].npvAtHigh)})` : "—"))}
            <tr className="border-t">
              <th className="p-2 text-left font-medium align-top">Risks</th>
              {dtos.map((d) => <td key={d.sc.id} className="p-2 align-top"><ul className="list-disc pl-4 text-xs">{d.a.risks.map((r) => <li key={r}>{r}</li>)}</ul></td>)}
            </tr>
            <tr className="border-t">
              <th className="p-2 text-left font-medium align-top">Note</th>
              {dtos.map((d) => <td key={d.sc.id} className="p-2 align-top text-xs whitespace-pre-wrap">{d.sc.note}</td>)}
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}

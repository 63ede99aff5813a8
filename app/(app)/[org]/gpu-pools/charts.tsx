"use client";
import { BarChart, LineChart } from "@tremor/react";
import { useParams } from "next/navigation";
import { compactNumber } from "@/lib/number-format";
import { ChartLegend } from "@/components/chart-legend";
import { EmptyState } from "@/components/empty-state";

// Chart values are numbers for drawing only; every figure shown as text comes from the DTO's
// exact decimal strings. A bucket without data is null: drawn as a gap, never as a zero.

const label = (iso: string, daily: boolean) => (daily ? iso.slice(5, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`);
const number = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1 });

// No sample in the range: say what fills the chart rather than draw an empty axis.
function NoMetrics({ what }: { what: string }) {
  const { org } = useParams<{ org: string }>();
  return (
    <EmptyState testId="chart-empty" links={[{ label: "Metric sources in GPU pool settings", href: `/${org}/settings/gpu-pools` }]}>
      No {what} measured in this range. The pool&apos;s metric source (a Prometheus or DCGM exporter) fills this chart once it is scraped.
    </EmptyState>
  );
}

export function UtilisationChart({ points, daily }: { points: { t: string; utilisationPct: number | null }[]; daily: boolean }) {
  if (points.every((p) => p.utilisationPct === null)) return <NoMetrics what="utilisation" />;
  const data = points.map((p) => ({ time: label(p.t, daily), "Utilisation %": p.utilisationPct }));
  return <LineChart data={data} index="time" categories={["Utilisation %"]} colors={["blue"]} valueFormatter={(n) => `${number(n)} %`} maxValue={100} yAxisWidth={56} showLegend={false} className="h-56" />;
}

export function PowerChart({ points, daily }: { points: { t: string; powerKw: number | null }[]; daily: boolean }) {
  if (points.every((p) => p.powerKw === null)) return <NoMetrics what="power draw" />;
  const data = points.map((p) => ({ time: label(p.t, daily), "Power kW": p.powerKw }));
  return <LineChart data={data} index="time" categories={["Power kW"]} colors={["amber"]} valueFormatter={(n) => `${number(n)} kW`} yAxisWidth={56} showLegend={false} className="h-56" />;
}

export function TokensChart({ rows, models, daily }: { rows: { t: string; tokens: Record<string, number> }[]; models: string[]; daily: boolean }) {
  if (!rows.length) return <NoMetrics what="token throughput" />;
  const data = rows.map((r) => ({ time: label(r.t, daily), ...r.tokens }));
  const compact = compactNumber;
  return (
    <>
      <ChartLegend categories={models} />
      <BarChart data={data} index="time" categories={models} stack valueFormatter={compact} yAxisWidth={56} showLegend={false} className="h-56" />
    </>
  );
}

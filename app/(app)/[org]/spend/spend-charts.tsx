"use client";
import { BarChart } from "@tremor/react";
import { useParams } from "next/navigation";
import { ChartLegend } from "@/components/chart-legend";
import { EmptyState } from "@/components/empty-state";
import type { SpendChartRow as ChartRow } from "@/lib/spend/chart-rows";

// Chart values are numbers for drawing only; every figure shown as text comes from the DTO's exact
// decimal strings. A day or month without any bucket is null (a gap), never a made-up 0.
const usd = (n: number) => `$${n.toLocaleString("en-US", { maximumFractionDigits: 0 })}`;

// No bucket in the range: say what fills the chart instead of drawing an invented $0 axis.
function NoSpend({ range }: { range: string }) {
  const { org } = useParams<{ org: string }>();
  return (
    <EmptyState testId="chart-empty" links={[{ label: "Connections", href: `/${org}/settings/connections` }, { label: "Import a billing file", href: `/${org}/settings/import` }]}>
      No spend in {range}. Billing data from a provider connection, an imported CSV or FOCUS file or usage pushed to the API draws it here; or widen the range.
    </EmptyState>
  );
}
const empty = (rows: ChartRow[]) => rows.every((r) => !r.Billed && !r.Estimated);

export function DailyTrendChart({ rows }: { rows: ChartRow[] }) {
  if (empty(rows)) return <NoSpend range="this range" />;
  return (
    <>
      <ChartLegend categories={["Billed", "Estimated"]} colors={["blue", "amber"]} />
      <BarChart data={rows} index="label" categories={["Billed", "Estimated"]} colors={["blue", "amber"]} stack valueFormatter={usd} yAxisWidth={72} showLegend={false} className="h-64" />
    </>
  );
}

export function MonthBarsChart({ rows }: { rows: ChartRow[] }) {
  if (empty(rows)) return <NoSpend range="these 13 months" />;
  return (
    <>
      <ChartLegend categories={["Billed", "Estimated"]} colors={["blue", "amber"]} />
      <BarChart data={rows} index="label" categories={["Billed", "Estimated"]} colors={["blue", "amber"]} stack valueFormatter={usd} yAxisWidth={72} showLegend={false} className="h-64" />
    </>
  );
}

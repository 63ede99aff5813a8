"use client";
import { BarChart } from "@tremor/react";
import type { SpendChartRow as ChartRow } from "@/lib/spend/chart-rows";

// Chart values are numbers for drawing only; every figure shown as text comes from the DTO's exact
// decimal strings. A day or month without any bucket is null (a gap), never a made-up 0.
const usd = (n: number) => `$${n.toLocaleString("en-US", { maximumFractionDigits: 0 })}`;


export function DailyTrendChart({ rows }: { rows: ChartRow[] }) {
  return <BarChart data={rows} index="label" categories={["Billed", "Estimated"]} colors={["blue", "amber"]} stack valueFormatter={usd} yAxisWidth={72} className="h-64" />;
}

export function MonthBarsChart({ rows }: { rows: ChartRow[] }) {
  return <BarChart data={rows} index="label" categories={["Billed", "Estimated"]} colors={["blue", "amber"]} stack valueFormatter={usd} yAxisWidth={72} className="h-64" />;
}

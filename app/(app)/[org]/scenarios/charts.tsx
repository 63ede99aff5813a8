"use client";
import { AreaChart, BarChart, LineChart } from "@tremor/react";
import { ChartLegend } from "@/components/chart-legend";

// Chart values are numbers for drawing only; every figure shown as text comes from the exact
// decimal strings of the analysis DTO. Animations are off so a printed page shows final lines.
const usd = (n: number) => `${n < 0 ? "-" : ""}$${Math.abs(n).toLocaleString("en-US", { maximumFractionDigits: 0 })}`;
const COLORS = ["blue", "emerald", "amber", "violet"];

export function MonthlyCostChart({ rows }: { rows: { month: string; Baseline: number; Scenario: number }[] }) {
  return (
    <>
      <ChartLegend categories={["Baseline", "Scenario"]} colors={["gray", "blue"]} />
      <LineChart data={rows} index="month" categories={["Baseline", "Scenario"]} colors={["gray", "blue"]} valueFormatter={usd} yAxisWidth={80} showAnimation={false} showLegend={false} className="h-56" />
    </>
  );
}

export function CumulativeChart({ rows, series }: { rows: Record<string, number | string | null>[]; series: string[] }) {
  return (
    <>
      <ChartLegend categories={series} colors={COLORS} />
      <AreaChart data={rows} index="month" categories={series} colors={COLORS.slice(0, series.length)} valueFormatter={usd} yAxisWidth={80} showAnimation={false} connectNulls={false} showLegend={false} className="h-56" />
    </>
  );
}

/** Tornado: NPV change from the base case with each input at −20 % and +20 %. */
export function TornadoChart({ rows }: { rows: { input: string; "−20%": number; "+20%": number }[] }) {
  return (
    <>
      <ChartLegend categories={["−20%", "+20%"]} colors={["rose", "emerald"]} />
      <BarChart data={rows} index="input" categories={["−20%", "+20%"]} colors={["rose", "emerald"]} layout="vertical" valueFormatter={usd} yAxisWidth={180} showAnimation={false} showLegend={false} className="h-72" />
    </>
  );
}

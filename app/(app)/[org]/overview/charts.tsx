"use client";
import { BarChart } from "@tremor/react";
import { BarList } from "@/components/bar-list";

// Chart values are numbers for drawing only; every figure shown as text comes from the exact
// decimal strings of the DTO.
const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`;

export function MonthlySpendChart({ rows }: { rows: { month: string; Spend: number }[] }) {
  return <BarChart data={rows} index="month" categories={["Spend"]} colors={["blue"]} valueFormatter={usd} yAxisWidth={72} showLegend={false} className="h-64" />;
}

export function ProviderBars({ rows }: { rows: { name: string; value: number }[] }) {
  if (!rows.length) return <p className="text-sm text-gray-500">No spend yet this month.</p>;
  return <BarList rows={rows} format={usd} />;
}

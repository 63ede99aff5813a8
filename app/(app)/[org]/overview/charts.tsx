"use client";
import { BarChart, BarList } from "@tremor/react";

// Chart values are numbers for drawing only; every figure shown as text comes from the exact
// decimal strings of the DTO.
const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`;

export function MonthlySpendChart({ rows }: { rows: { month: string; Spend: number }[] }) {
  return <BarChart data={rows} index="month" categories={["Spend"]} colors={["blue"]} valueFormatter={usd} yAxisWidth={72} className="h-64" />;
}

export function ProviderBars({ rows }: { rows: { name: string; value: number }[] }) {
  if (!rows.length) return <p className="text-sm text-gray-500">No spend yet this month.</p>;
  return <BarList data={rows} valueFormatter={usd} />;
}

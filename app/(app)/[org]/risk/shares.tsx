"use client";
import { BarList } from "@tremor/react";

// Drawing only: the shares shown as text come from the report's exact strings.
export function ShareBars({ rows }: { rows: { name: string; value: number }[] }) {
  return <BarList data={rows} valueFormatter={(n: number) => `${n.toFixed(1)}%`} />;
}

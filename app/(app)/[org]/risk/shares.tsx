"use client";
import { BarList } from "@/components/bar-list";

// Drawing only: the shares shown as text come from the report's exact strings.
export function ShareBars({ rows }: { rows: { name: string; value: number }[] }) {
  return <BarList rows={rows} format={(n) => `${n.toFixed(1)}%`} />;
}

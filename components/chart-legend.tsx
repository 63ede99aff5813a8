// A chart's legend as a plain list (Tremor's own legend nests <li> in a <div> inside its <ol>,
// which screen readers and axe-core reject). Colours are Tremor's names; bg-<colour>-500 is in
// the Tailwind safelist.
export const TREMOR_DEFAULT_COLORS = ["blue", "cyan", "sky", "indigo", "violet", "purple", "fuchsia", "slate", "gray", "zinc", "neutral", "stone", "red", "orange", "amber", "yellow", "lime", "green", "emerald", "teal", "pink", "rose"];

export function ChartLegend({ categories, colors = TREMOR_DEFAULT_COLORS }: { categories: string[]; colors?: string[] }) {
  if (categories.length < 2) return null;
  return (
    <ul className="mb-2 flex flex-wrap justify-end gap-x-4 gap-y-1 text-xs text-gray-600" aria-label="Legend">
      {categories.map((c, i) => (
        <li key={c} className="flex items-center gap-1.5">
          <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-full bg-${colors[i % colors.length]}-500`} />
          {c}
        </li>
      ))}
    </ul>
  );
}

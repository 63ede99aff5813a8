// Horizontal bars with a name and a value, each bar's length its share of the largest. Our own
// rather than Tremor's BarList, whose root carries an ARIA attribute its role does not allow.
export function BarList({ rows, format }: { rows: { name: string; value: number }[]; format: (n: number) => string }) {
  const max = Math.max(...rows.map((r) => r.value), 0);
  return (
    <ul className="space-y-1.5 text-sm">
      {rows.map((r) => (
        <li key={r.name} className="relative flex items-center justify-between gap-3 rounded px-2 py-1">
          <span aria-hidden="true" className="absolute inset-y-0 left-0 rounded bg-blue-100" style={{ width: `${max > 0 ? Math.max((r.value / max) * 100, 1) : 0}%` }} />
          <span className="relative truncate">{r.name}</span>
          <span className="relative tabular-nums">{format(r.value)}</span>
        </li>
      ))}
    </ul>
  );
}

import type { DiffEntry } from "@/lib/terms/diff";
import type { RuleMatch } from "@/lib/terms/severity";

// A document change as a reader wants it: why it matters (the rules that fired, each explained), then the
// sentences that were removed (red, struck) and added (green) in document order. Server component.

const SEVERITY_CLASS: Record<string, string> = {
  INFO: "bg-slate-100 text-slate-700",
  LOW: "bg-sky-100 text-sky-800",
  MEDIUM: "bg-amber-100 text-amber-800",
  HIGH: "bg-red-100 text-red-800",
  CRITICAL: "bg-red-700 text-white",
};

export function SeverityBadge({ severity }: { severity: string }) {
  return <span data-testid="severity" className={`inline-block rounded px-1.5 py-0.5 text-xs font-semibold ${SEVERITY_CLASS[severity] ?? SEVERITY_CLASS.INFO}`}>{severity}</span>;
}

export function MatchedRules({ rules }: { rules: RuleMatch[] }) {
  if (rules.length === 0) return <p className="text-sm text-gray-600">No watched section (training, retention, indemnity, fees, termination, law, limits) changed.</p>;
  return (
    <ul className="space-y-1 text-sm" data-testid="matched-rules">
      {rules.map((r) => (
        <li key={r.rule}>
          <SeverityBadge severity={r.severity} /> {r.explanation}
        </li>
      ))}
    </ul>
  );
}

export function DiffView({ diff, omittedNote }: { diff: DiffEntry[]; omittedNote?: string }) {
  if (diff.length === 0) return <p className="text-sm text-gray-600">No wording changed.</p>;
  return (
    <div className="bg-white rounded-lg shadow divide-y text-sm" data-testid="diff">
      {diff.map((e, i) =>
        e.op === "added" ? (
          <ins key={i} data-op="added" className="block no-underline bg-green-50 text-green-900 px-3 py-1.5 border-l-4 border-green-500">
            <span aria-hidden className="select-none mr-2 text-green-700">+</span>
            {e.text}
          </ins>
        ) : (
          <del key={i} data-op="removed" className="block bg-red-50 text-red-900 px-3 py-1.5 border-l-4 border-red-400 line-through decoration-red-300">
            <span aria-hidden className="select-none mr-2 text-red-700 no-underline">−</span>
            {e.text}
          </del>
        ),
      )}
      {omittedNote ? <p className="px-3 py-1.5 text-gray-500">{omittedNote}</p> : null}
    </div>
  );
}

import type { TokenUsageRow } from "@/lib/spend/token-usage";

// Every token class per model for the range; "model not reported" rows are usage the provider gave
// without a model. Audio, image and Batch API tokens are part of input/output, shown so their share is visible.

const n = (v: string) => BigInt(v).toLocaleString("en-US");

export function TokenUsageTable({ rows }: { rows: TokenUsageRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-gray-600">No token usage in this range.</p>;
  return (
    <table className="w-full text-sm" data-testid="token-usage-table">
      <thead>
        <tr className="text-left text-gray-500">
          <th className="p-2">Model</th>
          <th className="p-2 text-right">Input</th>
          <th className="p-2 text-right">Cached input</th>
          <th className="p-2 text-right">Cache writes</th>
          <th className="p-2 text-right">Output</th>
          <th className="p-2 text-right">of which audio (in / out)</th>
          <th className="p-2 text-right">of which image (in / out)</th>
          <th className="p-2 text-right">of which batch (in / out)</th>
          <th className="p-2 text-right">Requests</th>
        </tr>
      </thead>
      <tbody className="tabular-nums">
        {rows.map((r) => (
          <tr key={`${r.provider}/${r.model}`} className="border-t">
            <td className="p-2">{r.label}</td>
            <td className="p-2 text-right">{n(r.inputTokens)}</td>
            <td className="p-2 text-right">{n(r.cachedInputTokens)}</td>
            <td className="p-2 text-right">{n(r.cacheWriteTokens)}</td>
            <td className="p-2 text-right">{n(r.outputTokens)}</td>
            <td className="p-2 text-right">{n(r.audioInputTokens)} / {n(r.audioOutputTokens)}</td>
            <td className="p-2 text-right">{n(r.imageInputTokens)} / {n(r.imageOutputTokens)}</td>
            <td className="p-2 text-right">{n(r.batchInputTokens)} / {n(r.batchOutputTokens)}</td>
            <td className="p-2 text-right">{n(r.requests)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

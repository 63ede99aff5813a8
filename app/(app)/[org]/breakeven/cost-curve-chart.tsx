"use client";
import { compactNumber } from "@/lib/number-format";

// Monthly cost against monthly volume: the API's straight line and self-hosting's staircase, with
// the break-even volume and the measured volume marked. Plain SVG rather than Tremor: Tremor's
// charts treat the x axis as categories and draw no reference lines, and this axis is a number
// with two vertical markers. Numbers are for drawing only; text figures come from exact decimals.

export interface CurvePointNum { tokens: number; api: number; selfHost: number }

const W = 720, H = 300, PAD = { left: 70, right: 20, top: 16, bottom: 40 };

/** Token counts and dollars on the chart: the product's one compact format. */
export const compactTokens = compactNumber;
const usd = (n: number) => `$${compactTokens(n)}`;

export function CostCurveChart({ points, breakEven, volume }: { points: CurvePointNum[]; breakEven: number | null; volume: number }) {
  const maxX = Math.max(...points.map((p) => p.tokens), 1);
  const maxY = Math.max(...points.flatMap((p) => [p.api, p.selfHost]), 1) * 1.05;
  const x = (t: number) => PAD.left + (t / maxX) * (W - PAD.left - PAD.right);
  const y = (c: number) => H - PAD.bottom - (c / maxY) * (H - PAD.top - PAD.bottom);
  const line = (pick: (p: CurvePointNum) => number) => points.map((p) => `${x(p.tokens).toFixed(1)},${y(pick(p)).toFixed(1)}`).join(" ");
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="w-full h-auto" role="img" aria-label="Monthly cost against monthly volume">
      {ticks.map((f) => (
        <g key={f}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(maxY * f)} y2={y(maxY * f)} className="stroke-gray-200" />
          <text x={PAD.left - 6} y={y(maxY * f) + 4} textAnchor="end" fontSize="11" className="fill-gray-600">{usd(maxY * f)}</text>
          <text x={x(maxX * f)} y={H - PAD.bottom + 16} textAnchor="middle" fontSize="11" className="fill-gray-600">{compactTokens(maxX * f)}</text>
        </g>
      ))}
      <text x={(W + PAD.left) / 2} y={H - 6} textAnchor="middle" fontSize="11" className="fill-gray-600">tokens per month</text>
      <polyline points={line((p) => p.api)} fill="none" className="stroke-blue-600" strokeWidth="2" data-testid="api-line" />
      <polyline points={line((p) => p.selfHost)} fill="none" className="stroke-emerald-600" strokeWidth="2" data-testid="selfhost-line" />
      {breakEven !== null && breakEven <= maxX ? (
        <g data-testid="breakeven-marker" data-tokens={String(Math.round(breakEven))} data-x={x(breakEven).toFixed(1)}>
          <line x1={x(breakEven)} x2={x(breakEven)} y1={PAD.top} y2={H - PAD.bottom} className="stroke-red-600" strokeDasharray="5 4" />
          <text x={x(breakEven) + 4} y={PAD.top + 10} fontSize="11" className="fill-red-600">break-even {compactTokens(breakEven)}</text>
        </g>
      ) : null}
      {volume > 0 && volume <= maxX ? (
        <g data-testid="volume-marker">
          <line x1={x(volume)} x2={x(volume)} y1={PAD.top + 16} y2={H - PAD.bottom} className="stroke-gray-900" strokeWidth="1.5" />
          <text x={x(volume) + 4} y={PAD.top + 28} fontSize="11" className="fill-gray-900">you: {compactTokens(volume)}</text>
        </g>
      ) : null}
      <g fontSize="11">
        <rect x={PAD.left + 8} y={PAD.top + 40} width="10" height="3" fill="#2563eb" />
        <text x={PAD.left + 22} y={PAD.top + 44}>API</text>
        <rect x={PAD.left + 8} y={PAD.top + 54} width="10" height="3" fill="#059669" />
        <text x={PAD.left + 22} y={PAD.top + 58}>Self-hosted</text>
      </g>
    </svg>
  );
}

import Link from "next/link";
import { formatUsd } from "@/lib/money";
import { KIND_LABEL, type Opportunity } from "@/lib/savings/types";
import { DismissForm } from "./dismiss-controls";
import { ProfileChart } from "./profile-chart";

// One opportunity: the saving range, what it is taken from, the evidence (linked to the Spend
// view of the same rows), the assumptions, "model it" and dismiss.
export function OpportunityCard({ o, org, rank, canAct, canModel }: { o: Opportunity; org: string; rank: number | null; canAct: boolean; canModel: boolean }) {
  const d = (o.detail ?? {}) as Record<string, unknown>;
  const href = o.scenario ? `/${org}/scenarios/new?${new URLSearchParams(o.scenario).toString()}` : null;
  return (
    <section className="bg-white rounded-lg shadow p-4 space-y-2" data-testid="opportunity" data-key={o.key} data-kind={o.kind}>
      <div className="flex justify-between gap-4">
        <div>
          <p className="text-xs uppercase tracking-wide text-gray-500">{rank !== null ? `#${rank} · ` : ""}{KIND_LABEL[o.kind]}</p>
          <h2 className="text-lg font-semibold">{o.title}</h2>
        </div>
        <div className="text-right">
          {d.status === "loses" ? <p className="text-lg font-semibold text-red-700" data-testid="loss">costs {formatUsd(String(d.loss))} a month more</p>
            : d.status === "unknown" ? <p className="text-lg font-semibold text-gray-500">unknown</p>
            : <p className="text-lg font-semibold text-green-700" data-testid="saving">{formatUsd(o.saving.low)} – {formatUsd(o.saving.high)} <span className="text-sm font-normal text-gray-500">a month</span></p>}
          <p className="text-xs text-gray-500" data-testid="applies-to">of {formatUsd(o.appliesTo)} spent</p>
        </div>
      </div>
      <div className="text-sm">
        <span className="text-gray-500">Evidence: </span>
        {o.evidence.map((e) => <Link key={e.query} className="underline" href={e.href} data-testid="evidence">{e.query}</Link>)}
      </div>
      <ul className="text-sm list-disc pl-5 text-gray-700" data-testid="assumptions">{o.assumptions.map((a) => <li key={a}>{a}</li>)}</ul>
      {Array.isArray(d.profile) ? <ProfileChart profile={d.profile as string[]} capacity={String(d.capacityPerMinute)} unit="tokens/min" /> : null}
      {o.scenario ? <p className="text-xs text-gray-600" data-testid="scenario-summary">{scenarioSummary(o.scenario)}</p> : null}
      <div className="flex gap-3 items-start">
        {href ? (canModel ? <Link className="rounded bg-blue-700 text-white px-3 py-1 text-sm" href={href} data-testid="model-it">Model it</Link> : <span className="text-xs text-gray-500">Executives, admins and owners can model it as a scenario.</span>) : null}
        {canAct && o.saving.high.gt(0) ? <DismissForm org={org} opportunityKey={o.key} /> : null}
      </div>
    </section>
  );
}

/** What "model it" pre-fills, in words: the same figures the builder opens with. */
function scenarioSummary(p: Record<string, string>): string {
  const target = p.target === "selfHost" ? `self-hosted${p.poolId ? " on the pool" : ""}${p.poolSizing === "right-size" ? ", right-sized" : ""}` : `${p.targetProvider} / ${p.targetModel}${p.targetInput !== undefined ? ` at $${p.targetInput} in / $${p.targetOutput} out per 1M` : " at catalog prices"}`;
  return `Model it pre-fills: ${p.provider} · ${p.model} · ${p.projectId || "(no project)"} → ${target}; ${p.stayPct ?? "0"}% stays on today's model; ramp ${p.rampMonths ?? "1"} month(s).`;
}

import Link from "next/link";
import { pageOrgContext } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { Decimal } from "@/lib/money";
import { compactNumber } from "@/lib/number-format";
import { exactCount } from "@/lib/privacy/exposure";
import { loadExposure } from "@/lib/privacy/exposure-store";
import { SENSITIVE_LABELS } from "@/lib/privacy/posture";
import { RetentionLimitForm, SensitivityForm } from "./settings-forms";

export const dynamic = "force-dynamic";

function show(v: unknown, unit = ""): string {
  if (v === null || v === undefined) return "Not confirmed";
  if (typeof v === "boolean") return v ? "Yes" : "No";
  return `${String(v)}${unit}`;
}

// Per project: which vendor offering receives its data, how much, what that offering does with it, and a flag
// when sensitive data goes where it may be trained on or kept past the org's limit, with a way out (self-hosting).
export default async function ExposurePage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "privacy.read");
  const view = await loadExposure(ctx);
  const manage = can(ctx.role, "privacy.manage");
  const scenarios = can(ctx.role, "scenarios.write");
  const flagged = view.rows.filter((r) => r.flags.length).length;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Data exposure</h1>
      <p className="text-sm text-gray-600">
        Each project&apos;s data over the last {view.windowDays} days (tokens in and out), the vendor offering that received it and that offering&apos;s posture as <Link className="underline" href={`/${ctx.orgSlug}/privacy`}>Vendor privacy posture</Link> shows it for you (your contract first, then the cited terms).
        {" "}{flagged ? `${flagged} project${flagged === 1 ? " needs" : "s need"} attention.` : "Nothing flagged."}
      </p>
      {manage ? <RetentionLimitForm org={ctx.orgSlug} current={view.maxRetentionDays} /> : <p className="text-sm">Retention limit: {view.maxRetentionDays === null ? "none set" : `${view.maxRetentionDays} days`}</p>}
      <table className="w-full text-sm bg-white rounded-lg shadow" data-testid="exposure">
        <thead>
          <tr className="text-left text-xs text-gray-600">
            <th className="p-2">Project</th>
            <th>Sends to</th>
            <th className="text-right pr-3">Tokens, {view.windowDays} days</th>
            <th>Trains on inputs by default</th>
            <th>Keeps data</th>
            <th>Sensitive data</th>
            <th>Attention</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((r) => (
            <tr key={`${r.provider}/${r.projectId}`} className="border-t align-top" data-testid="exposure-row">
              <td className="p-2 font-medium">{r.projectName}</td>
              <td>{r.offering?.label ?? `${r.provider} (no posture record)`}</td>
              <td className="text-right pr-3 tabular-nums" title={`${exactCount(r.tokens30d)} tokens`}>{compactNumber(new Decimal(r.tokens30d))}</td>
              <td>{show(r.trainsOnInputsByDefault)}</td>
              <td>{show(r.retentionDays, " days")}</td>
              <td>
                {manage ? (
                  <SensitivityForm org={ctx.orgSlug} provider={r.provider} projectId={r.projectId} projectName={r.projectName} current={r.sensitiveData} />
                ) : r.sensitiveData.length ? (
                  r.sensitiveData.map((k) => SENSITIVE_LABELS[k]).join(", ")
                ) : (
                  "None marked"
                )}
              </td>
              <td>
                {r.flags.map((f, i) => (
                  <p key={i} className={f.kind === "unknown-posture" ? "text-amber-800" : "text-red-700"} data-flag={f.kind}>{f.text}</p>
                ))}
                {r.fieldsToReview.length ? (
                  <p className="text-amber-800" data-flag="needs-review">
                    A watched document changed: <Link className="underline" href={`/${ctx.orgSlug}/privacy`}>review</Link> {r.fieldsToReview.join(", ").toLowerCase()}
                  </p>
                ) : null}
                {r.selfHostScenarioHref && scenarios ? <Link className="underline text-blue-700" href={r.selfHostScenarioHref}>Scenario: move this workload to self-hosting</Link> : null}
              </td>
            </tr>
          ))}
          {view.rows.length === 0 ? (
            <tr>
              <td colSpan={7} className="p-2 text-gray-600">No usage in the last {view.windowDays} days and no project marked sensitive.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

import { pageOrgContext } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { listPosture } from "@/lib/privacy/store";
import { OverrideForm } from "./override-form";

export const dynamic = "force-dynamic";

function show(v: unknown): string {
  if (v === null || v === undefined) return "Not confirmed";
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if (Array.isArray(v)) return v.join(", ");
  return String(v);
}

// What happens to the data each vendor offering receives: the bundled seed quotes its source, an org's own
// contract (an override) wins, and a field no bundled document confirms says so.
export default async function PrivacyPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "privacy.read");
  const offerings = await listPosture(ctx);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Vendor privacy posture</h1>
      <p className="text-sm text-gray-600">Each value quotes the vendor document it comes from and the date that text was recorded; &quot;Not confirmed&quot; means no bundled document says it. Your own contract wins: owners and admins record it below. Which of your projects send data where, and which need attention: <a className="underline text-blue-700" href={`/${ctx.orgSlug}/privacy/exposure`}>Data exposure</a>.</p>
      <div className="space-y-3" data-testid="posture">
        {offerings.map((o) => (
          <section key={`${o.vendor}/${o.offering}`} className="bg-white rounded-lg shadow p-3 text-sm">
            <h2 className="font-semibold">{o.label}</h2>
            <table className="w-full text-xs mt-1">
              <tbody>
                {o.fields.map((f) => (
                  <tr key={f.field} className="border-t align-top">
                    <td className="py-1 w-1/4">{f.label}</td>
                    <td className="w-1/6 font-medium">{show(f.value)}</td>
                    <td>
                      {f.needsReview.map((r) => (
                        <div key={r.changeId} className="text-red-700 mb-1">
                          Needs review: <a className="underline" href={`/${ctx.orgSlug}/documents/${r.documentId}/changes/${r.changeId}`}>a watched document changed</a>
                          <ul className="text-gray-700">{r.diff.map((d, i) => <li key={i}>{d}</li>)}</ul>
                        </div>
                      ))}
                      {f.origin === "override" ? <span>Your contract: {f.note}</span> : null}
                      {f.origin === "seed" ? (
                        <span>
                          &ldquo;{f.quote}&rdquo; — <a className="underline text-blue-700" href={f.source!} rel="noreferrer noopener" target="_blank">source</a>, {f.via ? `confirmed ${f.confirmed} (${f.via})` : `recorded ${f.confirmed}`}
                        </span>
                      ) : null}
                      {f.origin === "unknown" && f.note ? <span className="text-gray-600">{f.note}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
      {can(ctx.role, "privacy.manage") ? <OverrideForm org={ctx.orgSlug} offerings={offerings.map((o) => ({ key: `${o.vendor}/${o.offering}`, label: o.label }))} fields={offerings[0]!.fields.map((f) => ({ field: f.field, label: f.label }))} /> : null}
    </div>
  );
}

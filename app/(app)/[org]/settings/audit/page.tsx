import { ACTION_LABELS, auditActors, listAuditLog, parseAuditFilter } from "@/lib/audit/audit-log";
import { pageOrgContext } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

// Owners and admins: who did what, when, from where; filtered in the URL (share the link), exported as CSV.
export default async function AuditPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "audit.read");
  const sp = await searchParams;
  let problem: string | null = null;
  let filter;
  try {
    filter = parseAuditFilter(sp);
  } catch (e) {
    if (!isAppError(e)) throw e;
    problem = e.message;
    filter = parseAuditFilter({});
  }
  const [rows, actors] = await Promise.all([listAuditLog(ctx, filter), auditActors(ctx)]);
  const query = new URLSearchParams(Object.entries({ action: filter.action, actor: filter.actor, from: filter.from, to: filter.to }).filter((e): e is [string, string] => Boolean(e[1])));
  return (
    <div>
      <h1 className="text-2xl font-semibold mb-4">Audit log</h1>
      <form method="get" className="flex flex-wrap gap-3 items-end mb-4 text-sm" aria-label="Filter the audit log">
        <label className="flex flex-col">
          What
          <select name="action" defaultValue={filter.action ?? ""} className="border rounded px-2 py-1">
            <option value="">Every action</option>
            {Object.entries(ACTION_LABELS).map(([value, label]) => (
              <option key={value} value={value}>{label}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          Who
          <select name="actor" defaultValue={filter.actor ?? ""} className="border rounded px-2 py-1">
            <option value="">Everyone</option>
            {actors.map((a) => (
              <option key={a.id} value={a.id}>{a.label}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          From
          <input type="date" name="from" defaultValue={filter.from ?? ""} className="border rounded px-2 py-1" />
        </label>
        <label className="flex flex-col">
          To
          <input type="date" name="to" defaultValue={filter.to ?? ""} className="border rounded px-2 py-1" />
        </label>
        <button type="submit" className="rounded bg-blue-600 text-white px-3 py-1">Filter</button>
        <a href={`/api/orgs/${ctx.orgSlug}/audit/export?${query}`} className="text-blue-700 underline">Export CSV</a>
      </form>
      {problem ? <p role="alert" className="text-red-600 text-sm mb-3">{problem}</p> : null}
      <p className="text-sm text-gray-600 mb-2">{rows.length === filter.limit ? `The newest ${rows.length} entries` : `${rows.length} entries`}, newest first. Times in UTC.</p>
      <table className="w-full text-sm" data-testid="audit-table">
        <thead>
          <tr className="text-left border-b">
            <th className="py-1">When (UTC)</th>
            <th>Who</th>
            <th>What</th>
            <th>On</th>
            <th>From address</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b align-top">
              <td className="py-1 whitespace-nowrap">{r.at.slice(0, 19).replace("T", " ")}</td>
              <td>{r.actor}</td>
              <td title={r.details}>{r.actionLabel}</td>
              <td>{r.target}</td>
              <td>{r.ip || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

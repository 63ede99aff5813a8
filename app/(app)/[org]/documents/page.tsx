import Link from "next/link";
import { SeverityBadge } from "@/components/diff-view";
import { pageOrgContext } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { listDocuments } from "@/lib/terms/documents";
import { fetchStatusText, nextDocumentsCheckAt } from "@/lib/terms/fetch-status";
import { AddDocumentForm, DocumentActions } from "./add-document-form";

export const dynamic = "force-dynamic";

// Every vendor document this org watches (the default list and its own URLs): when it was last fetched,
// whether the last fetch failed and why, how many versions, and the latest change.
export default async function DocumentsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "documents.read");
  const [docs, nextCheckAt] = await Promise.all([listDocuments(ctx), nextDocumentsCheckAt()]);
  const manage = can(ctx.role, "documents.manage");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Vendor documents</h1>
      <p className="text-sm text-gray-600">Terms, policies, pricing and deprecation pages, fetched a few times a day. A new version is kept only when the wording changed; each change is rated by what it touches.</p>
      {manage ? <AddDocumentForm org={ctx.orgSlug} /> : null}
      <table className="w-full bg-white rounded-lg shadow text-sm" data-testid="documents">
        <thead><tr className="text-left text-gray-500"><th className="p-2">Document</th><th className="p-2">Last fetch</th><th className="p-2">Versions</th><th className="p-2">Latest change</th>{manage ? <th className="p-2" /> : null}</tr></thead>
        <tbody>
          {docs.map((d) => {
            const fetch = fetchStatusText(d, nextCheckAt);
            return (
            <tr key={d.id} className={`border-t align-top ${d.enabled ? "" : "text-gray-500"}`}>
              <td className="p-2">
                <Link href={`/${ctx.orgSlug}/documents/${d.id}`} className="font-medium text-blue-800 hover:underline">{d.title}</Link>
                <div className="text-xs text-gray-500">{d.vendor} · {d.kind.toLowerCase().replaceAll("_", " ")}{d.isDefault ? " · default list" : " · added by your org"}{d.enabled ? "" : " · paused"}</div>
              </td>
              <td className="p-2">
                {fetch.text}
                {fetch.problem ? <div role="alert" className="text-xs text-red-700">{fetch.problem}</div> : null}
              </td>
              <td className="p-2">{d.versions}</td>
              <td className="p-2">{d.lastChange ? <Link href={`/${ctx.orgSlug}/documents/${d.id}/changes/${d.lastChange.id}`} className="hover:underline"><SeverityBadge severity={d.lastChange.severity} /> {d.lastChange.detectedAt.slice(0, 10)}</Link> : "—"}</td>
              {manage ? <td className="p-2"><DocumentActions org={ctx.orgSlug} documentId={d.id} enabled={d.enabled} own={!d.isDefault} /></td> : null}
            </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

import Link from "next/link";
import { notFound } from "next/navigation";
import { SeverityBadge } from "@/components/diff-view";
import { pageOrgContext } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";
import { getDocument } from "@/lib/terms/documents";

export const dynamic = "force-dynamic";

// One watched document: where it is fetched from, its versions, its changes (each opens the diff), the current text.
export default async function DocumentPage({ params }: { params: Promise<{ org: string; documentId: string }> }) {
  const { org, documentId } = await params;
  const ctx = await pageOrgContext(org, "documents.read");
  let d;
  try {
    d = await getDocument(ctx, documentId);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  return (
    <div className="space-y-4">
      <p className="text-sm"><Link className="text-blue-700 underline" href={`/${ctx.orgSlug}/documents`}>← Documents</Link></p>
      <h1 className="text-2xl font-semibold">{d.title}</h1>
      <p className="text-sm text-gray-600">
        <a className="underline" href={d.url} target="_blank" rel="noreferrer noopener">{d.url}</a>{d.cssSelector ? ` · selector ${d.cssSelector}` : ""} · {d.vendor}
        {d.lastFetchedAt ? ` · last fetched ${d.lastFetchedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : " · not fetched yet"}
      </p>
      {d.lastError ? <p role="alert" className="text-sm text-red-700">Last fetch failed{d.lastErrorAt ? ` ${d.lastErrorAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}: {d.lastError}</p> : null}
      <section>
        <h2 className="text-lg font-semibold mb-2">Changes</h2>
        {d.changes.length === 0 ? <p className="text-sm text-gray-600">No change since the first version.</p> : (
          <ul className="bg-white rounded-lg shadow divide-y text-sm">
            {d.changes.map((c) => (
              <li key={c.id} className="p-2"><Link className="hover:underline" href={`/${ctx.orgSlug}/documents/${d.id}/changes/${c.id}`}><SeverityBadge severity={c.severity} /> {c.detectedAt.toISOString().slice(0, 10)}: {c.summary}</Link></li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2 className="text-lg font-semibold mb-2">Versions ({d.versions.length})</h2>
        <ul className="text-sm text-gray-700">{d.versions.map((v) => <li key={v.id}>{v.fetchedAt.toISOString().slice(0, 16).replace("T", " ")} UTC · sha256 {v.contentHash.slice(0, 12)}</li>)}</ul>
      </section>
      {d.latestText ? (
        <details className="bg-white rounded-lg shadow p-3">
          <summary className="cursor-pointer text-sm font-medium">Current text</summary>
          <pre className="whitespace-pre-wrap text-xs mt-2">{d.latestText}</pre>
        </details>
      ) : null}
    </div>
  );
}

import Link from "next/link";
import { notFound } from "next/navigation";
import { DiffView, MatchedRules, SeverityBadge } from "@/components/diff-view";
import { pageOrgContext } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";
import { getDocumentChange } from "@/lib/terms/documents";

export const dynamic = "force-dynamic";

// The readable diff of one document change: why it matters, then removed and added sentences.
export default async function DocumentChangePage({ params }: { params: Promise<{ org: string; documentId: string; changeId: string }> }) {
  const { org, documentId, changeId } = await params;
  const ctx = await pageOrgContext(org, "documents.read");
  let c;
  try {
    c = await getDocumentChange(ctx, documentId, changeId);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  return (
    <div className="space-y-4">
      <p className="text-sm"><Link className="text-blue-700 underline" href={`/${ctx.orgSlug}/documents/${c.document.id}`}>← {c.document.title}</Link></p>
      <h1 className="text-xl font-semibold"><SeverityBadge severity={c.severity} /> {c.document.title}: change of {c.detectedAt.slice(0, 10)}</h1>
      <p className="text-sm text-gray-600">
        {c.fromFetchedAt ? `${c.fromFetchedAt.slice(0, 16).replace("T", " ")} → ` : ""}{c.toFetchedAt.slice(0, 16).replace("T", " ")} UTC · {c.summary}
      </p>
      <MatchedRules rules={c.matchedRules} />
      <DiffView diff={c.diff} />
    </div>
  );
}

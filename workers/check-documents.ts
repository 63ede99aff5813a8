import { checkAllDocuments, checkDocument, ensureDefaultWatchlist, type CheckOptions } from "@/lib/terms/watch";

// Thin: make sure the default watch list exists, then fetch one document (a "check now") or all enabled ones.
// A page that fails is recorded on its document (lastError) and does not fail the job.
export async function runDocumentsCheck(payload: { documentId?: string }, options: CheckOptions = {}) {
  await ensureDefaultWatchlist();
  const results = payload.documentId ? [await checkDocument(payload.documentId, options)] : await checkAllDocuments(options);
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  return { checked: results.length, changed: count("changed"), firstVersions: count("first-version"), errors: count("error"), results };
}

export async function checkDocumentsJob(payload: { documentId?: string }) {
  const { results: _results, ...summary } = await runDocumentsCheck(payload);
  return summary;
}

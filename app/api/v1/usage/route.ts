import { withApiToken } from "@/lib/http/api-token";
import { readJsonCapped } from "@/lib/http/route";
import { MAX_BATCH_BYTES } from "@/lib/ingest/push";
import { ingestPushBatch } from "@/lib/ingest/push-write";

// Push API (described at /api/v1/openapi.json). 200 {accepted, duplicates, errors: []};
// 400 with every bad item in `errors` and nothing stored; 401 bad token; 413 oversized.
export const POST = withApiToken(async (req, auth) => {
  const outcome = await ingestPushBatch(auth.orgId, await readJsonCapped(req, MAX_BATCH_BYTES));
  const { ok: _ok, ...body } = outcome;
  if (outcome.ok) return Response.json(body);
  return Response.json({ ...body, error: { code: "BAD_INPUT", message: `${outcome.errors.length} problem(s) in the batch; nothing was stored. Fix them and send the whole batch again.` } }, { status: 400 });
});

import { auditCsv, listAuditLog, parseAuditFilter } from "@/lib/audit/audit-log";
import { withOrg } from "@/lib/http/route";

// The audit page's rows as CSV, with the page's own filters (?action=&actor=&from=&to=), up to 10,000.
export const GET = withOrg("audit.read", async (req, ctx) => {
  const params = new URL(req.url).searchParams;
  const filter = parseAuditFilter(params);
  const rows = await listAuditLog(ctx, { ...filter, limit: params.get("limit") ? filter.limit : 10_000 });
  return new Response(auditCsv(rows), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="audit-log-${ctx.orgSlug}.csv"`, "cache-control": "no-store" },
  });
});

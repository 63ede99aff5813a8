import type { OrgContext } from "@/lib/auth/tenancy";
import { parseSpendSearchParams } from "@/lib/spend/filters";
import { focusExport } from "./export";

/** The export as a CSV download; the same for the session route and the token route. */
export async function focusExportResponse(ctx: Pick<OrgContext, "orgId">, params: URLSearchParams): Promise<Response> {
  const { groupBy: _g, ...filters } = parseSpendSearchParams(params, new Date());
  const out = await focusExport(ctx, filters);
  return new Response(out.body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${out.filename}"`,
      "cache-control": "no-store",
      "x-focus-rows": String(out.rows),
      "x-focus-billed-total": out.billed,
    },
  });
}

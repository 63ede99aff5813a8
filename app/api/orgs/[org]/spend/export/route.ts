import { z } from "zod";
import { withOrg } from "@/lib/http/route";
import { parseOrThrow } from "@/lib/errors";
import { parseSpendSearchParams } from "@/lib/spend/filters";
import { getSpendView } from "@/lib/spend/view";
import { CSV_TABLES, spendCsv } from "@/lib/spend/csv";

// ?table=breakdown|daily|months|movers|budgets plus the page's own filter params: the CSV of that
// table, written from the same DTO the page renders (totals equal the screen's to the cent).
export const GET = withOrg("spend.export", async (req, ctx) => {
  const params = new URL(req.url).searchParams;
  const table = parseOrThrow(z.enum(CSV_TABLES).default("breakdown"), params.get("table") ?? undefined, "table");
  const now = new Date();
  const { filename, body } = spendCsv(await getSpendView(ctx, parseSpendSearchParams(params, now), now), table);
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
  });
});

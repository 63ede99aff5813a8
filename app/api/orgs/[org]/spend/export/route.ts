import { z } from "zod";
import { withOrg } from "@/lib/http/route";
import { parseOrThrow } from "@/lib/errors";
import { parseSpendSearchParams } from "@/lib/spend/filters";
import { getSpendView } from "@/lib/spend/view";
import { CSV_TABLES, spendCsv } from "@/lib/spend/csv";
import { parseMarkup } from "@/lib/spend/chargeback";
import { chargebackExport } from "@/lib/spend/chargeback-export";

// ?table=breakdown|daily|months|movers|budgets plus the page's own filter params: the CSV of that
// table, written from the same DTO the page renders (totals equal the screen's to the cent).
// ?table=chargeback[&markup=12.5]: per project cost, markup and charge over the same range and filters,
// whose cost column adds up to the Spend total to the cent (lib/spend/chargeback.ts states the rounding).
export const GET = withOrg("spend.export", async (req, ctx) => {
  const params = new URL(req.url).searchParams;
  const table = parseOrThrow(z.enum([...CSV_TABLES, "chargeback"]).default("breakdown"), params.get("table") ?? undefined, "table");
  const now = new Date();
  const query = parseSpendSearchParams(params, now);
  const { filename, body } = table === "chargeback" ? await chargebackExport(ctx, query, parseMarkup(params.get("markup"))) : spendCsv(await getSpendView(ctx, query, now), table);
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
  });
});

import { readJson, withOrg } from "@/lib/http/route";
import { viewReportInputSchema } from "@/lib/spend/view-report";
import { deleteViewReport, setViewReport } from "@/lib/spend/saved-view-store";

type P = { org: string; viewId: string };

// PUT { weekday: 0-6, time: "HH:MM" (UTC), memberIds[], addresses[] }: email this view weekly with its CSV.
export const PUT = withOrg<P>("viewReports.manage", async (req, ctx, p) => Response.json(await setViewReport(ctx, p.viewId, await readJson(req, viewReportInputSchema, "report"))));

export const DELETE = withOrg<P>("viewReports.manage", async (_req, ctx, p) => {
  await deleteViewReport(ctx, p.viewId);
  return new Response(null, { status: 204 });
});

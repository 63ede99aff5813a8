import { withOrg } from "@/lib/http/route";
import { vendorRiskReport } from "@/lib/risk/queries";
import { riskReportDto } from "@/lib/risk/dto";

export const GET = withOrg("spend.read", async (_req, ctx) => Response.json(riskReportDto(ctx.orgSlug, await vendorRiskReport(ctx, new Date()))));

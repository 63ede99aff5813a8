import { withOrg } from "@/lib/http/route";
import { compareScenarios, idsFromSearchParams } from "@/lib/scenarios/saved";
import { comparisonCsv, csvResponse } from "@/lib/scenarios/csv";

export const GET = withOrg("scenarios.read", async (req, ctx) => {
  const items = await compareScenarios(ctx, idsFromSearchParams(new URL(req.url).searchParams));
  return csvResponse(comparisonCsv(items), "scenario-comparison.csv");
});

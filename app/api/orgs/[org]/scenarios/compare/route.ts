import { withOrg } from "@/lib/http/route";
import { compareScenarios, idsFromSearchParams } from "@/lib/scenarios/saved";
import { analysisDto, savedScenarioDto } from "@/lib/scenarios/dto";

export const GET = withOrg("scenarios.read", async (req, ctx) => {
  const items = await compareScenarios(ctx, idsFromSearchParams(new URL(req.url).searchParams));
  return Response.json({ scenarios: items.map((i) => ({ ...savedScenarioDto(i.scenario), analysis: analysisDto(i.analysis) })) });
});

import { readJson, withOrg } from "@/lib/http/route";
import { scenarioBodySchema } from "@/lib/scenarios/schema";
import { createScenario } from "@/lib/scenarios/store";
import { listAnalysedScenarios } from "@/lib/scenarios/saved";
import { analysisDto, savedScenarioDto } from "@/lib/scenarios/dto";

export const GET = withOrg("scenarios.read", async (_req, ctx) => {
  const items = await listAnalysedScenarios(ctx);
  return Response.json({ scenarios: items.map((i) => ({ ...savedScenarioDto(i.scenario), summary: i.analysis ? analysisDto(i.analysis).totals : null })) });
});

export const POST = withOrg("scenarios.write", async (req, ctx) => {
  const created = await createScenario(ctx, await readJson(req, scenarioBodySchema, "scenario"));
  return Response.json(savedScenarioDto(created), { status: 201 });
});

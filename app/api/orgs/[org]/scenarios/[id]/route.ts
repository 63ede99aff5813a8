import { readJson, withOrg } from "@/lib/http/route";
import { scenarioPatchSchema } from "@/lib/scenarios/schema";
import { deleteScenario, updateScenario } from "@/lib/scenarios/store";
import { getAnalysedScenario } from "@/lib/scenarios/saved";
import { analysisDto, savedScenarioDto } from "@/lib/scenarios/dto";

type P = { org: string; id: string };

export const GET = withOrg<P>("scenarios.read", async (_req, ctx, { id }) => {
  const { scenario, analysis } = await getAnalysedScenario(ctx, id);
  return Response.json({ ...savedScenarioDto(scenario), analysis: analysis ? analysisDto(analysis) : null });
});

export const PATCH = withOrg<P>("scenarios.write", async (req, ctx, { id }) => {
  const updated = await updateScenario(ctx, id, await readJson(req, scenarioPatchSchema, "scenario"));
  return Response.json(savedScenarioDto(updated));
});

export const DELETE = withOrg<P>("scenarios.write", async (_req, ctx, { id }) => {
  await deleteScenario(ctx, id);
  return Response.json({ ok: true });
});

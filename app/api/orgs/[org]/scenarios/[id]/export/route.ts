import { AppError } from "@/lib/errors";
import { withOrg } from "@/lib/http/route";
import { getAnalysedScenario } from "@/lib/scenarios/saved";
import { csvResponse, scenarioCsv } from "@/lib/scenarios/csv";

type P = { org: string; id: string };

export const GET = withOrg<P>("scenarios.read", async (_req, ctx, { id }) => {
  const { scenario, analysis } = await getAnalysedScenario(ctx, id);
  if (!analysis) throw new AppError("BAD_INPUT", `This scenario's inputs no longer validate: ${scenario.inputError}`);
  return csvResponse(scenarioCsv(scenario, analysis), `scenario-${scenario.name}.csv`);
});

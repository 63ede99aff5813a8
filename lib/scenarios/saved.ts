import type { OrgContext } from "@/lib/auth/tenancy";
import { AppError } from "@/lib/errors";
import { analyseParsedScenario, type AnalyseScenarioOptions, type ScenarioAnalysis } from "./engine";
import { getScenario, getScenariosForComparison, listScenarios, type SavedScenario } from "./store";

// Saved scenarios with their outputs, recomputed by the engine on every read.

export interface AnalysedScenario {
  scenario: SavedScenario;
  analysis: ScenarioAnalysis | null;
}

function analyse(sc: SavedScenario, options?: AnalyseScenarioOptions): AnalysedScenario {
  return { scenario: sc, analysis: sc.inputs ? analyseParsedScenario(sc.inputs, options) : null };
}

export async function listAnalysedScenarios(ctx: Pick<OrgContext, "orgId">): Promise<AnalysedScenario[]> {
  return (await listScenarios(ctx)).map((sc) => analyse(sc, { includeSensitivity: false }));
}

export async function getAnalysedScenario(ctx: Pick<OrgContext, "orgId">, id: string): Promise<AnalysedScenario> {
  return analyse(await getScenario(ctx, id));
}

/** 2–4 scenarios, each with its outputs; one whose stored inputs no longer validate cannot be compared. */
export async function compareScenarios(ctx: Pick<OrgContext, "orgId">, ids: string[]): Promise<{ scenario: SavedScenario; analysis: ScenarioAnalysis }[]> {
  const items = (await getScenariosForComparison(ctx, ids)).map((sc) => analyse(sc));
  const broken = items.find((i) => !i.analysis);
  if (broken) throw new AppError("BAD_INPUT", `"${broken.scenario.name}" has inputs that no longer validate: ${broken.scenario.inputError}`, { issues: [{ field: "ids", message: `${broken.scenario.name}: ${broken.scenario.inputError}` }] });
  return items as { scenario: SavedScenario; analysis: ScenarioAnalysis }[];
}

/** ?ids=a,b,c (or repeated ids=) as a list. */
export function idsFromSearchParams(params: URLSearchParams): string[] {
  return params.getAll("ids").flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
}

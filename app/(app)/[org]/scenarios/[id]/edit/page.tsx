import { notFound } from "next/navigation";
import { pageOrgContext } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";
import { builderDefaults } from "@/lib/scenarios/defaults";
import { getScenario } from "@/lib/scenarios/store";
import { scenarioInputToJson } from "@/lib/scenarios";
import { ScenarioBuilder } from "../../builder";

export const dynamic = "force-dynamic";

export default async function EditScenarioPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const ctx = await pageOrgContext(org, "scenarios.write");
  const sc = await getScenario(ctx, id).catch((e) => (isAppError(e) && e.code === "NOT_FOUND" ? notFound() : Promise.reject(e)));
  if (!sc.inputs) throw new Error(`This scenario's inputs no longer validate: ${sc.inputError}`);
  const defaults = await builderDefaults(ctx, new Date());
  return (
    <div>
      <h1 className="text-2xl font-semibold mb-4">Edit: {sc.name}</h1>
      <ScenarioBuilder org={ctx.orgSlug} defaults={defaults} initial={scenarioInputToJson(sc.inputs)} scenario={{ id: sc.id, name: sc.name, note: sc.note }} />
    </div>
  );
}

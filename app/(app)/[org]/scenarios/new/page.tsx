import { pageOrgContext } from "@/lib/auth/page";
import { builderDefaults, builderParams, initialScenarioInput } from "@/lib/scenarios/defaults";
import { ScenarioBuilder } from "../builder";

export const dynamic = "force-dynamic";

export default async function NewScenarioPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "scenarios.write");
  const defaults = await builderDefaults(ctx, new Date());
  const initial = await initialScenarioInput(ctx, defaults, builderParams(await searchParams));
  return (
    <div>
      <h1 className="text-2xl font-semibold mb-1">New migration scenario</h1>
      <p className="text-sm text-gray-600 mb-4">Starts from last month&apos;s measured usage ({defaults.month}); every figure on the right is recalculated as you change an input.</p>
      <ScenarioBuilder org={ctx.orgSlug} defaults={defaults} initial={initial} />
    </div>
  );
}

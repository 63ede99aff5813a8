import { withOrg } from "@/lib/http/route";
import { parseOrThrow } from "@/lib/errors";
import { measuredGrowthPct, measuredVolume, measuredWorkloadInput, referenceMonth } from "@/lib/scenarios/measured";
import { measuredQuerySchema } from "@/lib/scenarios/schema";

// The builder asks here when the workload filter changes: the same query a saved scenario was built from.
export const GET = withOrg("scenarios.read", async (req, ctx) => {
  const p = new URL(req.url).searchParams;
  const q = parseOrThrow(measuredQuerySchema, { provider: p.get("provider") || undefined, model: p.get("model") || undefined, projectId: p.get("projectId") ?? undefined, month: p.get("month") || referenceMonth(new Date()) }, "measured usage");
  const { month, ...filter } = q;
  const volume = await measuredVolume(ctx, filter, month);
  return Response.json({ workload: measuredWorkloadInput(volume), growthPctPerMonth: await measuredGrowthPct(ctx, filter, month, volume) });
});

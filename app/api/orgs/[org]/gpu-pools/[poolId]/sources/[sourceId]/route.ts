import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { removeSource, updateSource } from "@/lib/gpu/pools";

type P = { org: string; poolId: string; sourceId: string };
const body = z.record(z.string(), z.unknown(), { message: "must be a JSON object" });

export const PATCH = withOrg<P>("gpuPools.manage", async (req, ctx, { poolId, sourceId }) =>
  Response.json({ source: await updateSource(ctx, poolId, sourceId, await readJson(req, body, "metric source change")) }),
);

export const DELETE = withOrg<P>("gpuPools.manage", async (_req, ctx, { poolId, sourceId }) => {
  await removeSource(ctx, poolId, sourceId);
  return Response.json({ ok: true });
});

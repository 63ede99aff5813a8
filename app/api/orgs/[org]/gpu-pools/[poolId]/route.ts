import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { deletePool, updatePool } from "@/lib/gpu/pools";
import { getPoolDetail, parseRange } from "@/lib/gpu/queries";

type P = { org: string; poolId: string };
const body = z.record(z.string(), z.unknown(), { message: "must be a JSON object" });

// The pool page's data (this month's cost figures, charts over ?range=24h|7d|30d, per-GPU table).
export const GET = withOrg<P>("gpuPools.read", async (req, ctx, { poolId }) =>
  Response.json(await getPoolDetail(ctx, poolId, parseRange(new URL(req.url).searchParams.get("range")), new Date())),
);

export const PATCH = withOrg<P>("gpuPools.manage", async (req, ctx, { poolId }) => Response.json({ pool: await updatePool(ctx, poolId, await readJson(req, body, "GPU pool change")) }));

export const DELETE = withOrg<P>("gpuPools.manage", async (_req, ctx, { poolId }) => {
  await deletePool(ctx, poolId);
  return Response.json({ ok: true });
});

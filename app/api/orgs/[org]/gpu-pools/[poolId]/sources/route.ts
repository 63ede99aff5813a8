import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { addSource } from "@/lib/gpu/pools";

type P = { org: string; poolId: string };
const body = z.record(z.string(), z.unknown(), { message: "must be a JSON object" });

export const POST = withOrg<P>("gpuPools.manage", async (req, ctx, { poolId }) =>
  Response.json({ source: await addSource(ctx, poolId, await readJson(req, body, "metric source")) }, { status: 201 }),
);

import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { createPool, listPools } from "@/lib/gpu/pools";

// GPU pools of the org: settings and metric sources with their scrape status; create one.
const body = z.record(z.string(), z.unknown(), { message: "must be a JSON object" });

export const GET = withOrg("gpuPools.read", async (_req, ctx) => Response.json({ pools: await listPools(ctx) }));

export const POST = withOrg("gpuPools.manage", async (req, ctx) => Response.json({ pool: await createPool(ctx, await readJson(req, body, "GPU pool")) }, { status: 201 }));

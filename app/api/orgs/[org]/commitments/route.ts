import { readJson, withOrg } from "@/lib/http/route";
import { commitmentDto, commitmentInputSchema, createCommitment, loadCommitments } from "@/lib/commitments/store";

// GET: every prepaid credit and commitment with its burn-down. POST: record one (finance/admins/owners).
export const GET = withOrg("spend.read", async (_req, ctx) => Response.json({ commitments: (await loadCommitments(ctx.orgId, new Date())).map(commitmentDto) }));
export const POST = withOrg("commitments.manage", async (req, ctx) => Response.json(await createCommitment(ctx, await readJson(req, commitmentInputSchema, "commitment")), { status: 201 }));

import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { deleteFocusSource, updateFocusSource } from "@/lib/focus/sources";

type P = { org: string; sourceId: string };

// { name?, url?, folder?, schedule?, enabled?, headerName?, headerValue? (null removes the header) }
export const PATCH = withOrg<P>("focusSources.manage", async (req, ctx, { sourceId }) => Response.json(await updateFocusSource(ctx, sourceId, await readJson(req, z.unknown(), "FOCUS source"))));

export const DELETE = withOrg<P>("focusSources.manage", async (_req, ctx, { sourceId }) => {
  await deleteFocusSource(ctx, sourceId);
  return Response.json({ ok: true });
});

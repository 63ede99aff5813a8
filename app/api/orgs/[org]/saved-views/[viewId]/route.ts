import { readJson, withOrg } from "@/lib/http/route";
import { savedViewPatchSchema } from "@/lib/spend/saved-views";
import { deleteSavedView, updateSavedView } from "@/lib/spend/saved-view-store";

type P = { org: string; viewId: string };

// PATCH { name?, shared?, pinned? }: rename or share (its owner), pin to / unpin from one's own Overview.
export const PATCH = withOrg<P>("savedViews.write", async (req, ctx, p) => Response.json(await updateSavedView(ctx, p.viewId, await readJson(req, savedViewPatchSchema, "saved view"))));

export const DELETE = withOrg<P>("savedViews.write", async (_req, ctx, p) => {
  await deleteSavedView(ctx, p.viewId);
  return new Response(null, { status: 204 });
});

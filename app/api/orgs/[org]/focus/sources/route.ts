import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { addFocusSource, listFocusSources } from "@/lib/focus/sources";

// Scheduled FOCUS drops. The credential header's value is write-only: answers say only that it is set.
export const GET = withOrg("spend.import", async (_req, ctx) => Response.json({ sources: await listFocusSources(ctx) }));

// { name, kind: "URL" | "FOLDER", url? | folder?, schedule?, enabled?, headerName?, headerValue? }
export const POST = withOrg("focusSources.manage", async (req, ctx) => Response.json(await addFocusSource(ctx, await readJson(req, z.unknown(), "FOCUS source")), { status: 201 }));

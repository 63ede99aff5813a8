import { withOrg } from "@/lib/http/route";
import { paletteEntries } from "@/lib/navigation/palette";

// GET: everything the command palette can jump to for this person (pages, projects, models, scenarios, saved views).
export const GET = withOrg("org.read", async (_req, ctx) => Response.json({ entries: await paletteEntries(ctx, new Date()) }, { headers: { "cache-control": "private, max-age=60" } }));

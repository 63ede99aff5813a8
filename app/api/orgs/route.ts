import { withUser } from "@/lib/http/route";
import { listUserOrgs } from "@/lib/auth/tenancy";

// The orgs the signed-in user belongs to (org switcher).
export const GET = withUser(async (_req, user) => Response.json({ orgs: await listUserOrgs(user.id) }));

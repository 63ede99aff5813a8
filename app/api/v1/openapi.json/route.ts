import { env } from "@/lib/env";
import { pushOpenApi } from "@/lib/ingest/openapi";

// Public: describes the push API; no tenant data.
export const GET = () => Response.json(pushOpenApi(env().APP_URL));

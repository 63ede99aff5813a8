import { env } from "@/lib/env";
import { alertWebhooksOpenApi } from "@/lib/channels/openapi";
import { pushOpenApi } from "@/lib/ingest/openapi";

// Public: describes the push API and the alert webhook payload; no tenant data.
export const GET = () => {
  const push = pushOpenApi(env().APP_URL);
  const alerts = alertWebhooksOpenApi();
  return Response.json({ ...push, webhooks: alerts.webhooks, components: { ...push.components, schemas: { ...push.components.schemas, ...alerts.schemas } } });
};

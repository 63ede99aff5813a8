import { z } from "zod";
import { WEBHOOK_PAYLOAD_VERSION, webhookPayloadSchema } from "@/lib/channels/webhook-payload";

// The alert webhook, published in the OpenAPI document (3.1 `webhooks`): the payload schema is generated
// from the same zod schema the sender validates with, so the document cannot drift from what is sent.

export function alertWebhookSchema(): Record<string, unknown> {
  const { $schema: _drop, ...schema } = z.toJSONSchema(webhookPayloadSchema, { io: "output" }) as Record<string, unknown>;
  return schema;
}

const header = (description: string) => ({ required: true, schema: { type: "string" }, description });

export function alertWebhooksOpenApi() {
  return {
    schemas: { AlertWebhookPayload: alertWebhookSchema() },
    webhooks: {
      alert: {
        post: {
          summary: `Alert webhook (payload version ${WEBHOOK_PAYLOAD_VERSION})`,
          description:
            "Sent to each webhook channel an alert rule routes to: `alert.raised` for one alert, `alert.digest` once a day for digest routing, " +
            "`channel.test` from the test button. Signed the Standard Webhooks way: verify `webhook-signature` = `v1,` + base64(HMAC-SHA256(key, " +
            "`<webhook-id>.<webhook-timestamp>.<raw body>`)) where key is the base64 part of your `whsec_` secret, and refuse timestamps more than " +
            "5 minutes old. Answer 2xx within 15 s; any other answer or none is retried for about 24 hours (Retry-After is honoured), and a replay " +
            "sends the same `webhook-id` again, so de-duplicate on it.",
          parameters: [
            { in: "header", name: "webhook-id", ...header("the message id; equals the payload's `id`") },
            { in: "header", name: "webhook-timestamp", ...header("Unix seconds when this attempt was signed") },
            { in: "header", name: "webhook-signature", ...header("`v1,<base64 HMAC-SHA256>`; several space-separated during a secret rotation") },
          ],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/AlertWebhookPayload" } } } },
          responses: { "2XX": { description: "Received. Anything else is retried." } },
        },
      },
    },
  };
}

import { z } from "zod";
import { alertFacts } from "@/lib/channels/alert-facts";

// The webhook payload: a documented, versioned JSON schema (published in /api/v1/openapi.json as
// AlertWebhookPayload). A receiver switches on `type` and `version`; a new version only ever adds fields.

// 2026-12-03: projects[].tokens30d added (terms changes on training, retention or regions).
export const WEBHOOK_PAYLOAD_VERSION = "2026-12-03";

const severity = z.enum(["INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"]);
const usd = z.string().regex(/^-?\d+\.\d{2}$/).describe("US dollars, decimal string with two places");

export const webhookAlertSchema = z.object({
  id: z.string().describe("the alert's id in Breakeven"),
  type: z.string().describe("the rule type, e.g. PRICE_CHANGE, TERMS_CHANGE, BUDGET_THRESHOLD"),
  severity,
  title: z.string(),
  summary: z.array(z.string()).describe("what happened and what it means in dollars, one sentence per item"),
  amounts: z.array(z.object({ label: z.string(), usd })),
  changes: z.array(z.object({ label: z.string(), from: z.string().nullable(), to: z.string().nullable() })).describe("old → new values (prices per 1M tokens in US dollars)"),
  projects: z.array(
    z.object({
      name: z.string(),
      monthlyDeltaUsd: usd.nullable(),
      tokens30d: z.string().regex(/^\d+$/).optional().describe("tokens (input, cached input, cache writes, output) the project sent that vendor in the last 30 days; present on terms changes about training, retention or processing regions"),
    }),
  ),
  occurredAt: z.iso.datetime(),
  url: z.url().describe("the alert in Breakeven"),
});

export const webhookPayloadSchema = z.object({
  version: z.literal(WEBHOOK_PAYLOAD_VERSION),
  type: z.enum(["alert.raised", "alert.digest", "channel.test"]),
  /** equals the webhook-id header: the receiver's idempotency key (a replay sends the same id) */
  id: z.string(),
  createdAt: z.iso.datetime(),
  organization: z.object({ slug: z.string(), name: z.string() }),
  alerts: z.array(webhookAlertSchema).describe("one for alert.raised, every alert of the day for alert.digest, none for channel.test"),
});

export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
export type WebhookAlert = z.infer<typeof webhookAlertSchema>;

export interface EventForChannel {
  id: string;
  type: string;
  severity: string;
  title: string;
  body: string;
  data: unknown;
  occurredAt: Date;
}

export function alertUrlOf(appUrl: string, orgSlug: string, eventId: string): string {
  return `${appUrl.replace(/\/$/, "")}/${orgSlug}/alerts/${eventId}`;
}

export function webhookAlert(e: EventForChannel, appUrl: string, orgSlug: string): WebhookAlert {
  return {
    id: e.id,
    type: e.type,
    severity: severity.parse(e.severity),
    title: e.title,
    summary: e.body.split("\n").filter(Boolean),
    ...alertFacts(e.type, e.data),
    occurredAt: e.occurredAt.toISOString(),
    url: alertUrlOf(appUrl, orgSlug, e.id),
  };
}

export function webhookPayload(input: { deliveryId: string; type: WebhookPayload["type"]; createdAt: Date; org: { slug: string; name: string }; events: readonly EventForChannel[]; appUrl: string }): WebhookPayload {
  return webhookPayloadSchema.parse({
    version: WEBHOOK_PAYLOAD_VERSION,
    type: input.type,
    id: input.deliveryId,
    createdAt: input.createdAt.toISOString(),
    organization: input.org,
    alerts: input.events.map((e) => webhookAlert(e, input.appUrl, input.org.slug)),
  });
}

import { describe, expect, it } from "vitest";
import { renderAlertMessage, renderTestMessage } from "@/lib/channels/render";
import { webhookPayloadSchema, WEBHOOK_PAYLOAD_VERSION } from "@/lib/channels/webhook-payload";

// A price-change event as lib/alerts/evaluate-watch.ts writes it: acme-large input $4 → $5 per 1M tokens,
// project Search used 200M input tokens in 30 days → +$200.00 a month.
const EVENT = {
  id: "evt_1",
  type: "PRICE_CHANGE",
  severity: "MEDIUM",
  title: "Price change: mailco acme-large +$200.00/month for Mail Co",
  body: "Input price up from $4.00 to $5.00 per 1M tokens (effective 2026-11-23).\nAt your last 30 days of usage this costs $200.00 a month: Search +$200.00.",
  data: {
    provider: "mailco",
    model: "acme-large",
    monthlyDelta: "200.00",
    changes: [{ field: "input", oldValue: "4", newValue: "5", effectiveFrom: "2026-11-23T06:00:00.000Z" }],
    perProject: [{ projectId: "p-search", projectName: "Search & <Ranking>", monthlyDelta: "200.00" }],
  },
  occurredAt: new Date("2026-11-24T06:00:00Z"),
};
const COMMON = { deliveryId: "msg_abc", org: { slug: "mail-co", name: "Mail Co" }, appUrl: "https://breakeven.example.com/", now: new Date("2026-11-24T06:00:05Z") };

describe("Slack Block Kit message", () => {
  const msg = JSON.parse(renderAlertMessage({ ...COMMON, kind: "SLACK", event: EVENT }));
  it("has the title as header and a fallback text with the severity", () => {
    expect(msg.text).toBe("Medium severity: Price change: mailco acme-large +$200.00/month for Mail Co");
    expect(msg.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: EVENT.title, emoji: true } });
    expect(msg.blocks[1].elements[0].text).toContain("*Medium severity* · Mail Co · 2026-11-24 06:00 UTC");
  });
  it("shows the dollar amount, old → new price, and the project affected (escaped for mrkdwn)", () => {
    const texts = JSON.stringify(msg.blocks);
    expect(msg.blocks[2].fields[0].text).toBe("*Monthly impact at your last 30 days of usage*\n$200.00");
    expect(texts).toContain("Input price per 1M tokens: $4.00 → $5.00");
    expect(texts).toContain("• Search &amp; &lt;Ranking&gt;: $200.00 a month");
  });
  it("links back to the alert", () => {
    const actions = msg.blocks.at(-1);
    expect(actions.elements[0].url).toBe("https://breakeven.example.com/mail-co/alerts/evt_1");
  });
});

describe("webhook payload", () => {
  const payload = JSON.parse(renderAlertMessage({ ...COMMON, kind: "WEBHOOK", event: EVENT }));
  it("matches the published schema and carries the delivery id as its id", () => {
    expect(webhookPayloadSchema.parse(payload)).toBeTruthy();
    expect(payload).toMatchObject({ version: WEBHOOK_PAYLOAD_VERSION, type: "alert.raised", id: "msg_abc", createdAt: "2026-11-24T06:00:05.000Z" });
  });
  it("states amounts in dollars with two places, the change old → new and the projects", () => {
    const a = payload.alerts[0];
    expect(a.amounts).toEqual([{ label: "Monthly impact at your last 30 days of usage", usd: "200.00" }]);
    expect(a.changes).toEqual([{ label: "Input price per 1M tokens", from: "4", to: "5" }]);
    expect(a.projects).toEqual([{ name: "Search & <Ranking>", monthlyDeltaUsd: "200.00" }]);
    expect(a.summary).toHaveLength(2);
  });
  it("a test message has no alerts", () => {
    const t = JSON.parse(renderTestMessage({ ...COMMON, kind: "WEBHOOK", channelName: "Ops" }));
    expect(t).toMatchObject({ type: "channel.test", alerts: [] });
  });
});

describe("published payload schema (OpenAPI webhooks.alert)", () => {
  it("documents the three Standard Webhooks headers and the payload's required fields, from the same zod schema", async () => {
    const { alertWebhooksOpenApi } = await import("@/lib/channels/openapi");
    const doc = alertWebhooksOpenApi();
    expect(doc.webhooks.alert.post.parameters.map((p) => p.name)).toEqual(["webhook-id", "webhook-timestamp", "webhook-signature"]);
    const schema = doc.schemas.AlertWebhookPayload as { required: string[]; properties: Record<string, { const?: string; enum?: string[] }> };
    expect(schema.required.sort()).toEqual(["alerts", "createdAt", "id", "organization", "type", "version"]);
    expect(schema.properties.version!.const).toBe(WEBHOOK_PAYLOAD_VERSION);
    expect(schema.properties.type!.enum).toEqual(["alert.raised", "alert.digest", "channel.test"]);
  });
});

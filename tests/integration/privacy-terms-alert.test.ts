import { afterAll, describe, expect, it } from "vitest";
import { evaluateOrgAlerts } from "@/lib/alerts/raise";
import { sealSecret } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { listPosture } from "@/lib/privacy/store";
import { closeQueues, getQueue } from "@/lib/queues";
import { createOrgWithMembers } from "../support/factories";
import { orgContext } from "../support/org-context";

// A watched Anthropic document changes and its training and region rules fire: the posture fields those rules speak
// to are marked "needs review" with the diff, and the alert — the event, the email queued and the Slack and webhook
// messages rendered — names the projects that sent data to Anthropic in the last 30 days with their exact tokens.

process.env.SMTP_URL = "smtp://127.0.0.1:9"; // emails are queued (rendered into EmailDelivery), not sent here

const NOW = new Date("2026-12-02T12:00:00Z"); // usage window 2026-11-03 .. 2026-12-02
const day = (d: string) => new Date(`${d}T00:00:00Z`);

afterAll(async () => {
  await getQueue("channelDeliver").obliterate({ force: true });
  await getQueue("email").obliterate({ force: true });
  await closeQueues();
});

describe("terms change tied to the projects that send data", () => {
  it("names each project sending to that vendor with its 30-day tokens, in the event, the email and both channels", async () => {
    const f = await createOrgWithMembers("Terms Exposure", ["OWNER"]);
    const orgId = f.org.id;
    const base = { orgId, sourceKey: "test", origin: "PROVIDER_API" as const };
    await db().usageBucket.createMany({
      data: [
        // Code review (Anthropic): 2,000,000 in + 300,000 out + 10,000 cache writes (12-01) + 40,000 cached in + 5,000 out (11-10) = 2,355,000
        { ...base, provider: "anthropic", day: day("2026-12-01"), projectId: "wrk_code", model: "claude-sonnet-4", inputTokens: 2_000_000n, outputTokens: 300_000n, cacheWriteTokens: 10_000n },
        { ...base, provider: "anthropic", day: day("2026-11-10"), projectId: "wrk_code", model: "claude-haiku-4", cachedInputTokens: 40_000n, outputTokens: 5_000n },
        // Support bot (Anthropic): 120,000 + 30,000 = 150,000
        { ...base, provider: "anthropic", day: day("2026-11-28"), projectId: "wrk_support", model: "claude-sonnet-4", inputTokens: 120_000n, outputTokens: 30_000n },
        // outside the window (2026-11-02) and another vendor (OpenAI): not named
        { ...base, provider: "anthropic", day: day("2026-11-02"), projectId: "wrk_support", model: "claude-sonnet-4", inputTokens: 7_777_777n, outputTokens: 1n },
        { ...base, provider: "openai", day: day("2026-11-28"), projectId: "proj_docs", model: "gpt-4o", inputTokens: 900_000n, outputTokens: 1n },
      ],
    });
    await db().project.createMany({
      data: [
        { orgId, provider: "anthropic", externalId: "wrk_code", name: "Code review" },
        { orgId, provider: "anthropic", externalId: "wrk_support", name: "Support bot" },
        { orgId, provider: "openai", externalId: "proj_docs", name: "Docs search" },
      ],
    });
    const doc = await db().vendorDocument.create({ data: { orgId, vendor: "anthropic", kind: "PRIVACY", title: "Anthropic Privacy Policy (test)", url: "https://example.com/anthropic-privacy-alert" } });
    const [v1, v2] = [await db().vendorDocumentVersion.create({ data: { documentId: doc.id, contentHash: "a", text: "Old." } }), await db().vendorDocumentVersion.create({ data: { documentId: doc.id, contentHash: "b", text: "New." } })];
    const change = await db().documentChange.create({
      data: {
        documentId: doc.id,
        fromVersionId: v1.id,
        toVersionId: v2.id,
        severity: "CRITICAL",
        diff: [{ op: "added", text: "We may use your Inputs and Outputs to train our models and improve our Services, unless you opt out through your account settings." }],
        matchedRules: [
          { rule: "training-on-customer-data", severity: "CRITICAL", explanation: "The section on using your content to train models changed", excerpt: "x", sentences: 1 },
          { rule: "processing-regions", severity: "HIGH", explanation: "The section on where your data is processed, stored or transferred changed", excerpt: "x", sentences: 1 },
        ],
        summary: "1 sentence added.",
        detectedAt: new Date(NOW.getTime() - 2 * 3_600_000),
      },
    });
    const rule = await db().alertRule.create({ data: { orgId, type: "TERMS_CHANGE", name: "Terms watch", params: { minSeverity: "HIGH" }, recipientRoles: ["OWNER"] } });
    for (const kind of ["SLACK", "WEBHOOK"] as const) {
      const url = sealSecret(kind === "SLACK" ? "https://hooks.slack.com/services/T/B/x" : "https://hooks.example/breakeven");
      const secret = kind === "WEBHOOK" ? sealSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") : null;
      const ch = await db().alertChannel.create({ data: { orgId, kind, name: kind, urlCiphertext: url.ciphertext, urlKeyId: url.keyId, urlHint: "x", secretCiphertext: secret?.ciphertext ?? null, secretKeyId: secret?.keyId ?? null } });
      await db().alertRuleChannel.create({ data: { ruleId: rule.id, channelId: ch.id } });
    }

    const r = await evaluateOrgAlerts(orgId, NOW);
    expect([r.raised.length, r.emailsQueued, r.channelMessagesQueued]).toEqual([1, 1, 2]);
    const event = await db().alertEvent.findFirstOrThrow({ where: { orgId, type: "TERMS_CHANGE" } });
    const line = "Projects that sent data to Anthropic in the last 30 days (tokens): Code review 2,355,000; Support bot 150,000.";
    expect(event.body.split("\n")).toContain(line);
    expect(event.data).toMatchObject({
      projects: [
        { name: "Code review", projectId: "wrk_code", provider: "anthropic", tokens30d: "2355000" },
        { name: "Support bot", projectId: "wrk_support", provider: "anthropic", tokens30d: "150000" },
      ],
    });
    expect(event.body).not.toContain("Docs search");

    const email = await db().emailDelivery.findFirstOrThrow({ where: { alertEventId: event.id } });
    expect(email.textBody).toContain(line);
    const deliveries = await db().channelDelivery.findMany({ where: { alertEventId: event.id }, include: { channel: { select: { kind: true } } } });
    const slack = deliveries.find((d) => d.channel.kind === "SLACK")!.body;
    expect(slack).toContain("• Code review: 2,355,000 tokens in the last 30 days");
    expect(slack).toContain("• Support bot: 150,000 tokens in the last 30 days");
    const webhook = JSON.parse(deliveries.find((d) => d.channel.kind === "WEBHOOK")!.body);
    expect(webhook.alerts[0].projects).toEqual([
      { name: "Code review", monthlyDeltaUsd: null, tokens30d: "2355000" },
      { name: "Support bot", monthlyDeltaUsd: null, tokens30d: "150000" },
    ]);

    // The same change marks the posture fields those rules speak to, on both Anthropic offerings, with the diff.
    const flagged = (await listPosture(orgContext(f), NOW)).flatMap((o) => o.fields.filter((x) => x.needsReview.some((n) => n.changeId === change.id)).map((x) => `${o.vendor}/${o.offering}:${x.field}`));
    expect(flagged.sort()).toEqual([
      "anthropic/api:optOutAvailable",
      "anthropic/api:regions",
      "anthropic/api:trainsOnInputsByDefault",
      "anthropic/consumer:optOutAvailable",
      "anthropic/consumer:regions",
      "anthropic/consumer:trainsOnInputsByDefault",
    ]);
  });
});

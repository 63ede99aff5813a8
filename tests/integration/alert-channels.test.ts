import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateOrgAlerts } from "@/lib/alerts/raise";
import { attemptChannelDelivery, newDeliveryId, storeChannelDelivery } from "@/lib/channels/deliver";
import { dispatchToChannels, sendChannelDigests } from "@/lib/channels/dispatch";
import { createChannel, listChannels, replayDelivery, sendTestMessage, setChannelEnabled, setQuietHours, setRuleRouting } from "@/lib/channels/store";
import { webhookPayloadSchema } from "@/lib/channels/webhook-payload";
import { db } from "@/lib/db";
import { closeQueues, getQueue } from "@/lib/queues";
import { startWorker } from "@/workers/registry";
import { channelBackoff, sendChannelJob } from "@/workers/send-channel";
import { sendEmailJob } from "@/workers/send-email";
import { createOrgWithMembers } from "../support/factories";
import { seedPriceRise } from "../support/price-rise";
import { orgContext } from "../support/org-context";
import { startSmtpServer, waitFor } from "../support/smtp";

// Slack and signed webhooks end to end: a price change raises an alert, routing picks the channels whose
// severity floor it reaches, the real channel worker posts through the guarded client to receivers on
// 127.0.0.1 — a Slack-shaped one that answers 429 + Retry-After: 1 first, a webhook receiver that checks the
// Standard Webhooks signature with its own HMAC — and a receiver that is down fails every attempt, is recorded
// attempt by attempt, and after three failed deliveries disables the channel and emails the owner.

const NOW = new Date("2026-11-24T06:00:00Z");
const tag = randomBytes(3).toString("hex");
const PROVIDER = `chanco-${tag}`;

interface Received { path: string; headers: http.IncomingHttpHeaders; body: string; at: number }
async function startReceiver(answer: (r: Received, n: number) => { status: number; body?: string; headers?: Record<string, string> }) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const r = { path: req.url ?? "", headers: req.headers, body, at: Date.now() };
      received.push(r);
      const a = answer(r, received.length);
      res.writeHead(a.status, { "content-type": "text/plain", ...a.headers });
      res.end(a.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return { url: (path: string) => `http://127.0.0.1:${port}${path}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The receiver's own check, written from the Standard Webhooks specification (not the sender's code). */
function signatureValid(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${r.headers["webhook-id"]}.${r.headers["webhook-timestamp"]}.${r.body}`).digest("base64");
  return String(r.headers["webhook-signature"]).split(" ").includes(`v1,${expected}`);
}

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let workers: Worker[];
let slack: Awaited<ReturnType<typeof startReceiver>>;
let hook: Awaited<ReturnType<typeof startReceiver>>;
let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
let ruleId: string;
const ch = {} as Record<"slack" | "hook" | "pager" | "digest", { id: string; signingSecret: string | null }>;
/** each webhook channel has its own secret: the receiver picks it by path */
const secretsByPath = new Map<string, string>();
let hookSecret: string;
let downUrl: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  workers = [startWorker("email", sendEmailJob, { concurrency: 1 }), startWorker("channelDeliver", sendChannelJob, { concurrency: 2, backoffStrategy: channelBackoff })];
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  // Slack's documented rate limit: 429 with Retry-After (seconds). The first message hits it.
  slack = await startReceiver((_r, n) => (n === 1 ? { status: 429, body: "rate_limited", headers: { "retry-after": "1" } } : { status: 200, body: "ok" }));
  hook = await startReceiver((r) => (signatureValid(secretsByPath.get(r.path) ?? "", r) ? { status: 204 } : { status: 401, body: "bad signature" }));
  // A receiver that is down: a port that was listening and is now closed.
  const gone = http.createServer();
  await new Promise<void>((resolve) => gone.listen(0, "127.0.0.1", () => resolve()));
  downUrl = `http://127.0.0.1:${(gone.address() as AddressInfo).port}/services/T0/B0/SECRETPATHxyz`;
  await new Promise<void>((r) => gone.close(() => r()));

  f = await createOrgWithMembers("Chan Co", ["OWNER", "ADMIN", "ENGINEERING"]);
  const orgId = f.org.id;
  await seedPriceRise(orgId, PROVIDER); // +$200.00 a month for project Search
  const rule = await db().alertRule.create({ data: { orgId, type: "PRICE_CHANGE", name: "Price rises", params: { increasesOnly: true }, recipientRoles: ["ADMIN"], emailMinSeverity: "HIGH" } });
  ruleId = rule.id;

  const ctx = orgContext(f);
  ch.slack = await createChannel(ctx, { kind: "SLACK", name: "#ai-spend", url: slack.url("/services/T1/B1/slacksecret1") });
  ch.hook = await createChannel(ctx, { kind: "WEBHOOK", name: "Platform alerts", url: hook.url("/breakeven") });
  hookSecret = ch.hook.signingSecret!;
  ch.pager = await createChannel(ctx, { kind: "WEBHOOK", name: "Pager (high only)", url: hook.url("/pager") });
  ch.digest = await createChannel(ctx, { kind: "WEBHOOK", name: "Daily digest", url: hook.url("/digest") });
  for (const [path, c] of [["/breakeven", ch.hook], ["/pager", ch.pager], ["/digest", ch.digest]] as const) secretsByPath.set(path, c.signingSecret!);
  await setRuleRouting(ctx, ruleId, {
    channels: [
      { channelId: ch.slack.id, minSeverity: "MEDIUM" },
      { channelId: ch.hook.id, minSeverity: "INFO" },
      { channelId: ch.pager.id, minSeverity: "HIGH" },
      { channelId: ch.digest.id, minSeverity: "INFO", delivery: "DAILY_DIGEST" },
    ],
  });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await getQueue("channelDeliver").obliterate({ force: true });
  await getQueue("email").obliterate({ force: true });
  await closeQueues();
  await Promise.all([smtp.close(), slack.close(), hook.close()]);
});

const deliveriesOf = (channelId: string) => db().channelDelivery.findMany({ where: { channelId }, include: { attempts: { orderBy: { attemptedAt: "asc" } } }, orderBy: { createdAt: "asc" } });

describe("alert channels", () => {
  let eventId: string;

  it("stores channel URLs and the signing secret sealed, and lists only a hint", async () => {
    const row = await db().alertChannel.findUniqueOrThrow({ where: { id: ch.slack.id } });
    expect(row.urlCiphertext).not.toContain("slacksecret1");
    expect(row.urlHint).toBe(`${new URL(slack.url("/")).host} …ret1`);
    const hookRow = await db().alertChannel.findUniqueOrThrow({ where: { id: ch.hook.id } });
    expect(hookRow.secretCiphertext).not.toContain(hookSecret.slice(6));
    const listed = JSON.stringify(await listChannels(orgContext(f)));
    expect(listed).not.toContain("slacksecret1");
    expect(listed).not.toContain(hookSecret);
    expect(ch.slack.signingSecret).toBeNull();
  });

  it("refuses a plain-http URL to a host nobody allow-listed, naming the field", async () => {
    await expect(createChannel(orgContext(f), { kind: "WEBHOOK", name: "x", url: "http://example.com/hook" })).rejects.toThrow(/url: must be an https:\/\/ URL/);
    await expect(createChannel(orgContext(f), { kind: "WEBHOOK", name: "x", url: "https://169.254.169.254/latest" })).rejects.toThrow(/^url: /);
  });

  it("posts a MEDIUM price alert to Slack (after its 429 + Retry-After) and to the signed webhook, not to the HIGH-only one", async () => {
    const r = await evaluateOrgAlerts(f.org.id, NOW);
    expect(r.raised).toHaveLength(1);
    eventId = r.raised[0]!.id;
    expect(r.channelMessagesQueued).toBe(2);
    expect(r.emailsQueued).toBe(0); // email's floor on this rule is HIGH

    const slackDelivery = await waitFor(async () => (await deliveriesOf(ch.slack.id)).find((d) => d.status === "SENT"), "the Slack message");
    expect(slackDelivery.attempts.map((a) => [a.ok, a.statusCode, a.retryAfterSeconds])).toEqual([[false, 429, 1], [true, 200, null]]);
    expect(slack.received).toHaveLength(2);
    // The retry came no earlier than Slack asked (1 s), and sent exactly the same message.
    expect(slack.received[1]!.at - slack.received[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(slack.received[1]!.body).toBe(slack.received[0]!.body);
    const msg = JSON.parse(slack.received[1]!.body);
    expect(msg.blocks[0].text.text).toBe(`Price change: ${PROVIDER} acme-large +$200.00/month for Chan Co`);
    const text = JSON.stringify(msg.blocks);
    expect(text).toContain("$200.00");
    expect(text).toContain("Input price per 1M tokens: $4.00 → $5.00");
    expect(text).toContain("Search: $200.00 a month");
    expect(msg.blocks.at(-1).elements[0].url).toBe(`http://localhost:3999/${f.org.slug}/alerts/${eventId}`);

    const hookDelivery = await waitFor(async () => (await deliveriesOf(ch.hook.id)).find((d) => d.status === "SENT"), "the webhook");
    expect(hookDelivery.attempts.map((a) => [a.ok, a.statusCode])).toEqual([[true, 204]]);
    const got = hook.received.find((x) => x.headers["webhook-id"] === hookDelivery.id)!;
    expect(signatureValid(hookSecret, got)).toBe(true);
    expect(Math.abs(Number(got.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(300);
    const payload = webhookPayloadSchema.parse(JSON.parse(got.body));
    expect(payload.id).toBe(hookDelivery.id);
    expect(payload.alerts[0]).toMatchObject({ id: eventId, type: "PRICE_CHANGE", severity: "MEDIUM", amounts: [{ usd: "200.00" }], changes: [{ from: "4", to: "5" }], projects: [{ name: "Search", monthlyDeltaUsd: "200.00" }] });

    expect(await deliveriesOf(ch.pager.id)).toHaveLength(0);
    expect(await deliveriesOf(ch.digest.id)).toHaveLength(0);
  });

  it("replays a delivery with the same webhook-id and a fresh valid signature, recorded as a replay", async () => {
    const [d] = await deliveriesOf(ch.hook.id);
    const before = hook.received.length;
    expect(await replayDelivery(orgContext(f), d!.id)).toEqual({ result: "sent", error: null });
    const again = hook.received[before]!;
    expect(again.headers["webhook-id"]).toBe(d!.id);
    expect(signatureValid(hookSecret, again)).toBe(true);
    const attempts = (await deliveriesOf(ch.hook.id))[0]!.attempts;
    expect(attempts.map((a) => a.replay)).toEqual([false, true]);
  });

  it("gathers digest-routed events into one message per channel and day", async () => {
    const later = new Date(NOW.getTime() + 3_600_000);
    const mine = (await sendChannelDigests(later)).filter((r) => r.channelId === ch.digest.id);
    expect(mine).toEqual([{ channelId: ch.digest.id, deliveryId: expect.any(String), events: 1 }]);
    const sent = await waitFor(async () => (await deliveriesOf(ch.digest.id)).find((d) => d.status === "SENT"), "the digest");
    const got = hook.received.find((x) => x.headers["webhook-id"] === sent.id)!;
    expect(signatureValid(ch.digest.signingSecret!, got)).toBe(true);
    expect(signatureValid(hookSecret, got)).toBe(false); // another channel's secret does not verify it
    const payload = webhookPayloadSchema.parse(JSON.parse(got.body));
    expect(payload.type).toBe("alert.digest");
    expect(payload.alerts.map((a) => a.id)).toEqual([eventId]);
    expect((await sendChannelDigests(later)).filter((r) => r.channelId === ch.digest.id)).toEqual([]);
  });

  it("holds a non-critical message through the org's quiet hours and sends a critical one at once", async () => {
    const ctx = orgContext(f);
    await setQuietHours(ctx, { start: "05:00", end: "07:00", timeZone: "UTC" });
    const mk = (severity: "MEDIUM" | "CRITICAL") =>
      db().alertEvent.create({ data: { orgId: f.org.id, ruleId, type: "PRICE_CHANGE", dedupKey: `quiet-${severity}-${tag}`, severity, title: `${severity} test`, body: "line", data: {}, occurredAt: NOW } });
    const medium = await mk("MEDIUM");
    const critical = await mk("CRITICAL");
    const ids = await dispatchToChannels(f.org.id, [medium, critical], NOW);
    // MEDIUM → Slack and webhook; CRITICAL → Slack, webhook and the HIGH-only pager
    expect(ids).toHaveLength(5);
    const rows = await db().channelDelivery.findMany({ where: { id: { in: ids } } });
    const queue = getQueue("channelDeliver");
    for (const row of rows) {
      const job = await queue.getJob(`channel-${row.id}`);
      // 06:00 inside 05:00–07:00 UTC: held one hour; critical not held
      expect([row.alertEventId === medium.id ? "MEDIUM" : "CRITICAL", job?.opts.delay ?? 0]).toEqual(row.alertEventId === medium.id ? ["MEDIUM", 3_600_000] : ["CRITICAL", 0]);
    }
    await setQuietHours(ctx, { start: null, end: null });
    await expect(setQuietHours(ctx, { start: "25:00", end: "07:00", timeZone: "UTC" })).rejects.toThrow(/quiet hours: start: use HH:MM/);
  });

  it("sends a test message through the same queue", async () => {
    const { deliveryId } = await sendTestMessage(orgContext(f), ch.slack.id);
    const d = await waitFor(() => db().channelDelivery.findFirst({ where: { id: deliveryId, status: "SENT" } }), "the test message");
    expect(JSON.parse(d.body).text).toContain('routed to "#ai-spend"');
  });

  it("records every failed attempt to a receiver that is down, then disables the channel after three failed deliveries and emails the owner", async () => {
    const ctx = orgContext(f);
    const down = await createChannel(ctx, { kind: "SLACK", name: "#gone", url: downUrl });
    for (let i = 0; i < 3; i++) {
      const id = newDeliveryId();
      await storeChannelDelivery({ id, orgId: f.org.id, channelId: down.id, kind: "TEST", body: '{"text":"x"}' });
      // a retryable failure: recorded, still pending, the job would retry
      await expect(attemptChannelDelivery(id)).rejects.toMatchObject({ name: "ChannelAttemptFailed" });
      expect((await db().channelDelivery.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");
      // the last attempt: FAILED, counted against the channel
      await expect(attemptChannelDelivery(id, { finalAttempt: true })).rejects.toMatchObject({ code: "REFUSED" });
      const row = await db().channelDelivery.findUniqueOrThrow({ where: { id }, include: { attempts: true } });
      expect(row.status).toBe("FAILED");
      expect(row.attempts.map((a) => [a.ok, a.statusCode])).toEqual([[false, null], [false, null]]);
      // the URL is the Slack credential: its path never appears in what people read
      expect(row.attempts.every((a) => /127\.0\.0\.1/.test(a.error!) && !a.error!.includes("SECRETPATH"))).toBe(true);
    }
    const c = await db().alertChannel.findUniqueOrThrow({ where: { id: down.id } });
    expect([c.enabled, c.consecutiveFailures]).toEqual([false, 3]);
    expect(c.disabledReason).toMatch(/3 deliveries in a row failed/);
    const mail = await waitFor(async () => smtp.received.find((m) => m.raw.includes("#gone")), "the owner's email");
    expect(mail.to).toEqual([f.members.OWNER.email]);
    // disabled: nothing more is sent, a test or replay is refused with the reason
    await expect(sendTestMessage(ctx, down.id)).rejects.toThrow(/"#gone" is disabled/);
    await setChannelEnabled(ctx, down.id, true);
    expect((await db().alertChannel.findUniqueOrThrow({ where: { id: down.id } })).consecutiveFailures).toBe(0);
  });

  it("refuses routing to another org's channel", async () => {
    const other = await createOrgWithMembers("Other Co", ["OWNER"]);
    const theirs = await createChannel(orgContext(other), { kind: "SLACK", name: "theirs", url: slack.url("/x") });
    await expect(setRuleRouting(orgContext(f), ruleId, { channels: [{ channelId: theirs.id }] })).rejects.toThrow(/channels: each channel once, and only this organisation's channels/);
  });
});

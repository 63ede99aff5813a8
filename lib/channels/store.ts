import { z } from "zod";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import { sealSecret } from "@/lib/crypto/secrets";
import { db, Prisma } from "@/lib/db";
import { env, fetchAllowList } from "@/lib/env";
import { AppError, parseOrThrow } from "@/lib/errors";
import { assertFetchable } from "@/lib/net/safe-fetch";
import { isHttpsOrAllowListedHttp } from "@/lib/net/ssrf";
import { attemptChannelDelivery, newDeliveryId, queueChannelDelivery, storeChannelDelivery } from "@/lib/channels/deliver";
import { isValidTimeZone } from "@/lib/channels/quiet-hours";
import { renderTestMessage } from "@/lib/channels/render";
import { newSigningSecret } from "@/lib/channels/webhook-signature";

// An org's alert channels: create (URL sealed at rest, the webhook signing secret shown once), enable/disable,
// delete, send a test message, replay a delivery; rule routing (channels + severity floors) and quiet hours.
// The browser only ever sees a channel's host and the URL's last four characters.

const SEVERITY = z.enum(["INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"], { error: "choose INFO, LOW, MEDIUM, HIGH or CRITICAL" });

/** HTTPS only; plain HTTP only to a host the operator allow-listed (an internal receiver, the tests' 127.0.0.1). */
const channelUrl = z
  .string()
  .trim()
  .max(2000, "at most 2000 characters")
  .refine((v) => {
    try {
      const u = new URL(v);
      if (u.username || u.password) return false;
      return isHttpsOrAllowListedHttp(u, fetchAllowList());
    } catch {
      return false;
    }
  }, "must be an https:// URL without user:password");

export const createChannelSchema = z.object({
  kind: z.enum(["SLACK", "WEBHOOK"], { error: "choose Slack or webhook" }),
  name: z.string().trim().min(1, "required").max(100, "at most 100 characters"),
  url: channelUrl,
});

export const routingSchema = z.object({
  emailMinSeverity: SEVERITY.optional(),
  channels: z.array(z.object({ channelId: z.string().min(1), minSeverity: SEVERITY.default("INFO"), delivery: z.enum(["IMMEDIATE", "DAILY_DIGEST"]).default("IMMEDIATE") })).max(20),
});

const minuteOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use HH:MM, 24-hour").transform((v) => Number(v.slice(0, 2)) * 60 + Number(v.slice(3)));
export const quietHoursSchema = z.union([
  z.object({ start: z.null(), end: z.null(), timeZone: z.string().optional() }),
  z.object({ start: minuteOfDay, end: minuteOfDay, timeZone: z.string().refine(isValidTimeZone, "not an IANA time zone, e.g. Europe/Paris") }),
]);

export interface ChannelAttemptDto { id: string; attemptedAt: string; ok: boolean; statusCode: number | null; retryAfterSeconds: number | null; error: string | null; replay: boolean }
export interface ChannelDeliveryDto { id: string; kind: string; status: string; alertEventId: string | null; attemptCount: number; lastError: string | null; createdAt: string; sentAt: string | null; attempts: ChannelAttemptDto[] }
export interface AlertChannelDto {
  id: string;
  kind: "SLACK" | "WEBHOOK";
  name: string;
  urlHint: string;
  enabled: boolean;
  disabledReason: string | null;
  consecutiveFailures: number;
  createdAt: string;
  deliveries: ChannelDeliveryDto[];
}

function hintOf(url: string): string {
  const u = new URL(url);
  return `${u.host} …${url.slice(-4)}`;
}

export async function createChannel(ctx: OrgContext, body: unknown): Promise<{ id: string; signingSecret: string | null }> {
  const input = parseOrThrow(createChannelSchema, body, "alert channel");
  await assertFetchable(input.url, "url");
  const url = sealSecret(input.url);
  const secret = input.kind === "WEBHOOK" ? newSigningSecret() : null;
  const sealed = secret ? sealSecret(secret) : null;
  const row = await db().alertChannel.create({
    data: { orgId: ctx.orgId, kind: input.kind, name: input.name, urlCiphertext: url.ciphertext, urlKeyId: url.keyId, urlHint: hintOf(input.url), secretCiphertext: sealed?.ciphertext, secretKeyId: sealed?.keyId, createdById: ctx.userId },
  });
  await audit(ctx, "alertChannel.created", row.id, { kind: input.kind, name: input.name });
  // The signing secret is returned this once, for the receiver's configuration; it is never shown again.
  return { id: row.id, signingSecret: secret };
}

export async function listChannels(ctx: Pick<OrgContext, "orgId">, deliveriesPerChannel = 20): Promise<AlertChannelDto[]> {
  const rows = await db().alertChannel.findMany({
    where: inOrg(ctx),
    orderBy: { createdAt: "asc" },
    include: { deliveries: { orderBy: { createdAt: "desc" }, take: deliveriesPerChannel, include: { attempts: { orderBy: { attemptedAt: "asc" } } } } },
  });
  return rows.map((c) => ({
    id: c.id,
    kind: c.kind,
    name: c.name,
    urlHint: c.urlHint,
    enabled: c.enabled,
    disabledReason: c.disabledReason,
    consecutiveFailures: c.consecutiveFailures,
    createdAt: c.createdAt.toISOString(),
    deliveries: c.deliveries.map((d) => ({
      id: d.id,
      kind: d.kind,
      status: d.status,
      alertEventId: d.alertEventId,
      attemptCount: d.attemptCount,
      lastError: d.lastError,
      createdAt: d.createdAt.toISOString(),
      sentAt: d.sentAt?.toISOString() ?? null,
      attempts: d.attempts.map((a) => ({ id: a.id, attemptedAt: a.attemptedAt.toISOString(), ok: a.ok, statusCode: a.statusCode, retryAfterSeconds: a.retryAfterSeconds, error: a.error, replay: a.replay })),
    })),
  }));
}

async function channelOf(ctx: Pick<OrgContext, "orgId">, channelId: string) {
  const c = await db().alertChannel.findFirst({ where: inOrg(ctx, { id: channelId }) });
  if (!c) throw new AppError("NOT_FOUND", "Not found");
  return c;
}

/** Enable (which forgets past failures) or disable a channel. */
export async function setChannelEnabled(ctx: OrgContext, channelId: string, enabled: boolean): Promise<void> {
  const c = await channelOf(ctx, channelId);
  await db().alertChannel.update({ where: { id: c.id }, data: enabled ? { enabled: true, consecutiveFailures: 0, disabledAt: null, disabledReason: null } : { enabled: false, disabledAt: new Date(), disabledReason: "disabled by a person" } });
  await audit(ctx, enabled ? "alertChannel.enabled" : "alertChannel.disabled", c.id, {});
}

export async function deleteChannel(ctx: OrgContext, channelId: string): Promise<void> {
  const c = await channelOf(ctx, channelId);
  await db().alertChannel.delete({ where: { id: c.id } });
  await audit(ctx, "alertChannel.deleted", c.id, { name: c.name });
}

/** Store and queue a test message (through the same queue as alerts, so its attempts are listed like theirs). */
export async function sendTestMessage(ctx: OrgContext, channelId: string, now = new Date()): Promise<{ deliveryId: string }> {
  const c = await channelOf(ctx, channelId);
  if (!c.enabled) throw new AppError("CONFLICT", `The channel "${c.name}" is disabled: enable it before sending a test message`);
  const org = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { slug: true, name: true } });
  const id = newDeliveryId();
  const body = renderTestMessage({ kind: c.kind, deliveryId: id, org, appUrl: env().APP_URL, now, channelName: c.name });
  await storeChannelDelivery({ id, orgId: ctx.orgId, channelId: c.id, kind: "TEST", body });
  await queueChannelDelivery(id);
  return { deliveryId: id };
}

/** Send a stored delivery again, now, with the same body and webhook-id; the answer is recorded as a replay attempt. */
export async function replayDelivery(ctx: OrgContext, deliveryId: string): Promise<{ result: string; error: string | null }> {
  const d = await db().channelDelivery.findFirst({ where: inOrg(ctx, { id: deliveryId }), include: { channel: { select: { enabled: true, name: true } } } });
  if (!d) throw new AppError("NOT_FOUND", "Not found");
  if (!d.channel.enabled) throw new AppError("CONFLICT", `The channel "${d.channel.name}" is disabled: enable it before replaying`);
  await audit(ctx, "alertChannel.replayed", d.channelId, { deliveryId });
  try {
    return { result: await attemptChannelDelivery(d.id, { replay: true }), error: null };
  } catch (e) {
    return { result: "failed", error: e instanceof Error ? e.message : String(e) };
  }
}

export async function setRuleRouting(ctx: OrgContext, ruleId: string, body: unknown): Promise<void> {
  const input = parseOrThrow(routingSchema, body, "alert routing");
  const rule = await db().alertRule.findFirst({ where: inOrg(ctx, { id: ruleId }), select: { id: true } });
  if (!rule) throw new AppError("NOT_FOUND", "Not found");
  const ids = [...new Set(input.channels.map((c) => c.channelId))];
  const owned = await db().alertChannel.count({ where: inOrg(ctx, { id: { in: ids } }) });
  if (owned !== ids.length || ids.length !== input.channels.length) {
    throw new AppError("BAD_INPUT", "alert routing: channels: each channel once, and only this organisation's channels", { issues: [{ field: "channels", message: "unknown or repeated channel" }] });
  }
  await db().$transaction([
    db().alertRuleChannel.deleteMany({ where: { ruleId: rule.id } }),
    db().alertRuleChannel.createMany({ data: input.channels.map((c) => ({ ruleId: rule.id, ...c })) }),
    ...(input.emailMinSeverity ? [db().alertRule.update({ where: { id: rule.id }, data: { emailMinSeverity: input.emailMinSeverity } })] : []),
  ]);
  await audit(ctx, "alertRule.routed", rule.id, { channels: input.channels.length });
}

export async function setQuietHours(ctx: OrgContext, body: unknown): Promise<void> {
  const q = parseOrThrow(quietHoursSchema, body, "quiet hours");
  await db().organization.update({ where: { id: ctx.orgId }, data: { quietHoursStartMinute: q.start, quietHoursEndMinute: q.end, quietHoursTimeZone: q.timeZone ?? "UTC" } });
  await audit(ctx, "org.quietHours", ctx.orgId, { start: q.start, end: q.end, timeZone: q.timeZone ?? "UTC" });
}

async function audit(ctx: OrgContext, action: string, targetId: string, data: Record<string, unknown>) {
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, action, targetType: "AlertChannel", targetId, data: data as Prisma.InputJsonValue } });
}

export interface RuleRoutingDto { id: string; name: string; emailMinSeverity: string; channels: { channelId: string; minSeverity: string; delivery: "IMMEDIATE" | "DAILY_DIGEST" }[] }

export async function listRuleRouting(ctx: Pick<OrgContext, "orgId">): Promise<RuleRoutingDto[]> {
  const rules = await db().alertRule.findMany({ where: inOrg(ctx), orderBy: { createdAt: "asc" }, select: { id: true, name: true, emailMinSeverity: true, channels: { select: { channelId: true, minSeverity: true, delivery: true } } } });
  return rules;
}

export async function orgQuietHours(ctx: Pick<OrgContext, "orgId">): Promise<{ start: string | null; end: string | null; timeZone: string }> {
  const o = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { quietHoursStartMinute: true, quietHoursEndMinute: true, quietHoursTimeZone: true } });
  const hhmm = (m: number | null) => (m === null ? null : `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
  return { start: hhmm(o.quietHoursStartMinute), end: hhmm(o.quietHoursEndMinute), timeZone: o.quietHoursTimeZone };
}

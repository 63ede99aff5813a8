import { isoDay } from "@/lib/alerts/time";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { newDeliveryId, queueChannelDelivery, storeChannelDelivery } from "@/lib/channels/deliver";
import { quietHoursHoldMs } from "@/lib/channels/quiet-hours";
import { renderAlertMessage, renderDigestMessage } from "@/lib/channels/render";
import { atOrAbove, immediateChannels, type ChannelLink } from "@/lib/channels/routing";
import type { EventForChannel } from "@/lib/channels/webhook-payload";

// The write side of routing: new events of a rule go to its IMMEDIATE channels at or above each floor (held
// through the org's quiet hours), and once a day every channel gets one digest of its DAILY_DIGEST events.

interface OrgForChannels { id: string; slug: string; name: string; quietHoursStartMinute: number | null; quietHoursEndMinute: number | null; quietHoursTimeZone: string }

async function loadOrg(orgId: string): Promise<OrgForChannels> {
  return db().organization.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, slug: true, name: true, quietHoursStartMinute: true, quietHoursEndMinute: true, quietHoursTimeZone: true } });
}

/** Post newly raised events to their rules' immediate channels. Returns the delivery ids queued. */
export async function dispatchToChannels(orgId: string, events: readonly (EventForChannel & { ruleId: string | null })[], now: Date): Promise<string[]> {
  const ruleIds = [...new Set(events.map((e) => e.ruleId).filter((r): r is string => r !== null))];
  if (ruleIds.length === 0) return [];
  const links = await db().alertRuleChannel.findMany({ where: { ruleId: { in: ruleIds } }, include: { channel: { select: { kind: true, enabled: true } } } });
  if (links.length === 0) return [];
  const org = await loadOrg(orgId);
  const quiet = { startMinute: org.quietHoursStartMinute, endMinute: org.quietHoursEndMinute, timeZone: org.quietHoursTimeZone };
  const queued: string[] = [];
  for (const e of events) {
    const mine = links.filter((l) => l.ruleId === e.ruleId);
    const routed: ChannelLink[] = mine.map((l) => ({ channelId: l.channelId, minSeverity: l.minSeverity, delivery: l.delivery, channelEnabled: l.channel.enabled }));
    const hold = quietHoursHoldMs(quiet, e.severity, now);
    for (const channelId of immediateChannels(e.severity, routed)) {
      const kind = mine.find((l) => l.channelId === channelId)!.channel.kind;
      const id = newDeliveryId();
      const body = renderAlertMessage({ kind, deliveryId: id, org, appUrl: env().APP_URL, now, event: e });
      // (channelId, alertEventId) is unique: an event already routed to this channel is not posted twice.
      const stored = await storeChannelDelivery({ id, orgId, channelId, kind: "ALERT", alertEventId: e.id, body }).catch((err: { code?: string }) => (err.code === "P2002" ? null : Promise.reject(err)));
      if (!stored) continue;
      await queueChannelDelivery(id, hold);
      queued.push(id);
    }
  }
  if (queued.length) logger.info("alert channel messages queued", { orgId, deliveries: queued.length });
  return queued;
}

export interface ChannelDigestResult { channelId: string; deliveryId: string; events: number }

/**
 * One digest per channel and day ("digest:<day>", unique per channel: a second run the same day does nothing)
 * of the events raised since the channel's previous digest (or in the last 24 hours) by rules routed to it as
 * DAILY_DIGEST, each at or above that link's floor.
 */
export async function sendChannelDigests(now: Date): Promise<ChannelDigestResult[]> {
  const links = await db().alertRuleChannel.findMany({ where: { delivery: "DAILY_DIGEST", channel: { enabled: true } }, include: { channel: { select: { id: true, orgId: true, kind: true } } } });
  const byChannel = new Map<string, typeof links>();
  for (const l of links) byChannel.set(l.channelId, [...(byChannel.get(l.channelId) ?? []), l]);
  const day = isoDay(now);
  const results: ChannelDigestResult[] = [];
  for (const [channelId, mine] of byChannel) {
    const channel = mine[0]!.channel;
    const digestKey = `digest:${day}`;
    if (await db().channelDelivery.findUnique({ where: { channelId_digestKey: { channelId, digestKey } }, select: { id: true } })) continue;
    const previous = await db().channelDelivery.findFirst({ where: { channelId, kind: "DIGEST" }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
    const since = previous?.createdAt ?? new Date(now.getTime() - 24 * 3_600_000);
    const events = await db().alertEvent.findMany({ where: { orgId: channel.orgId, ruleId: { in: mine.map((l) => l.ruleId) }, occurredAt: { gt: since, lte: now } }, orderBy: { occurredAt: "asc" } });
    const floor = new Map(mine.map((l) => [l.ruleId, l.minSeverity]));
    const included = events.filter((e) => atOrAbove(e.severity, floor.get(e.ruleId!)!));
    if (included.length === 0) continue;
    const org = await loadOrg(channel.orgId);
    const id = newDeliveryId();
    const body = renderDigestMessage({ kind: channel.kind, deliveryId: id, org, appUrl: env().APP_URL, now, events: included, day });
    await storeChannelDelivery({ id, orgId: channel.orgId, channelId, kind: "DIGEST", digestKey, body });
    await queueChannelDelivery(id);
    results.push({ channelId, deliveryId: id, events: included.length });
  }
  return results;
}

import { slackAlertMessage, slackDigestMessage, slackTestMessage } from "@/lib/channels/slack-message";
import { webhookAlert, webhookPayload, type EventForChannel } from "@/lib/channels/webhook-payload";

// The body of one channel message, rendered once when the delivery is stored: Slack gets Block Kit, a
// webhook gets the versioned payload whose `id` is the delivery id (the webhook-id header).

interface Common {
  kind: "SLACK" | "WEBHOOK";
  deliveryId: string;
  org: { slug: string; name: string };
  appUrl: string;
  now: Date;
}

export function renderAlertMessage(c: Common & { event: EventForChannel }): string {
  if (c.kind === "SLACK") return JSON.stringify(slackAlertMessage(webhookAlert(c.event, c.appUrl, c.org.slug), c.org.name));
  return JSON.stringify(webhookPayload({ deliveryId: c.deliveryId, type: "alert.raised", createdAt: c.now, org: c.org, events: [c.event], appUrl: c.appUrl }));
}

export function renderDigestMessage(c: Common & { events: readonly EventForChannel[]; day: string }): string {
  if (c.kind === "SLACK") {
    const inbox = `${c.appUrl.replace(/\/$/, "")}/${c.org.slug}/alerts`;
    return JSON.stringify(slackDigestMessage(c.events.map((e) => webhookAlert(e, c.appUrl, c.org.slug)), c.org, c.day, inbox));
  }
  return JSON.stringify(webhookPayload({ deliveryId: c.deliveryId, type: "alert.digest", createdAt: c.now, org: c.org, events: c.events, appUrl: c.appUrl }));
}

export function renderTestMessage(c: Common & { channelName: string }): string {
  if (c.kind === "SLACK") return JSON.stringify(slackTestMessage(c.org, c.channelName, c.appUrl));
  return JSON.stringify(webhookPayload({ deliveryId: c.deliveryId, type: "channel.test", createdAt: c.now, org: c.org, events: [], appUrl: c.appUrl }));
}

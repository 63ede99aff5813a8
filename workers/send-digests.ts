import { sendDailyDigests } from "@/lib/alerts/digest";
import { sendChannelDigests } from "@/lib/channels/dispatch";

// Thin: compose today's digest per recipient from the events of DAILY_DIGEST rules, and one per channel for its
// digest-routed rules; the email and channel jobs send them.
export async function sendDigestsJob() {
  const now = new Date();
  const results = await sendDailyDigests(now);
  const channels = await sendChannelDigests(now);
  return { orgs: results.length, emails: results.reduce((n, r) => n + r.deliveries.length, 0), channelDigests: channels.length };
}

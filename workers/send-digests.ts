import { sendDailyDigests } from "@/lib/alerts/digest";

// Thin: compose today's digest per recipient from the events of DAILY_DIGEST rules; the email job sends them.
export async function sendDigestsJob() {
  const results = await sendDailyDigests(new Date());
  return { orgs: results.length, emails: results.reduce((n, r) => n + r.deliveries.length, 0) };
}

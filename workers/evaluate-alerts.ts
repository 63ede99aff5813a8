import { evaluateAllAlerts } from "@/lib/alerts/raise";

// Thin: evaluate every org's enabled rules (or one org's) now; lib raises each occurrence once and queues emails.
export async function evaluateAlertsJob(payload: { orgId?: string }) {
  const results = await evaluateAllAlerts(new Date(), payload.orgId);
  return { orgs: results.length, raised: results.reduce((n, r) => n + r.raised.length, 0), emails: results.reduce((n, r) => n + r.emailsQueued, 0) };
}

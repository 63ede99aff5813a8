import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { parseRuleParams, type AlertType } from "@/lib/alerts/rules";

// The demo org's alert rules: what a company would set up on day one. The evaluation job raises the
// events from the demo data like any org's (budget, forecast, anomalies, GPU idle time, …).
const RULES: { type: AlertType; name: string; params: Record<string, unknown>; roles: ("OWNER" | "ADMIN" | "FINANCE" | "ENGINEERING")[]; digest?: boolean }[] = [
  { type: "BUDGET_THRESHOLD", name: "50/80/100% of the monthly budget", params: { percents: [50, 80, 100] }, roles: ["FINANCE", "ADMIN"] },
  { type: "CREDITS_RUNOUT", name: "Credits running out within 30 days", params: { daysAhead: 30 }, roles: ["FINANCE", "ADMIN"] },
  { type: "FORECAST_OVERRUN", name: "Month-end forecast over budget", params: {}, roles: ["FINANCE"], digest: true },
  { type: "SPEND_ANOMALY", name: "Unusual daily spend on a model", params: {}, roles: ["ENGINEERING", "FINANCE"], digest: true },
  { type: "PRICE_CHANGE", name: "Price change worth $100/month", params: { minMonthlyImpact: 100 }, roles: ["ENGINEERING", "ADMIN"] },
  { type: "TERMS_CHANGE", name: "High-severity terms changes", params: { minSeverity: "HIGH" }, roles: ["ENGINEERING", "ADMIN", "OWNER"] },
  { type: "RETIREMENT", name: "Models retiring within 90 days", params: { withinDays: 90 }, roles: ["ENGINEERING"] },
  { type: "GPU_IDLE", name: "Idle GPUs over $50 a day", params: { maxDailyIdleCost: 50 }, roles: ["ENGINEERING"], digest: true },
  { type: "CONNECTION_FAILING", name: "Connection failing for 6 hours", params: { hours: 6 }, roles: ["ADMIN", "ENGINEERING"] },
];

export async function seedDemoAlertRules(prisma: PrismaClient, orgId: string): Promise<void> {
  await prisma.alertRule.createMany({
    data: RULES.map((r) => ({
      orgId,
      type: r.type,
      name: r.name,
      params: parseRuleParams(r.type, r.params) as Prisma.InputJsonValue,
      recipientRoles: r.roles,
      delivery: r.digest ? ("DAILY_DIGEST" as const) : ("IMMEDIATE" as const),
    })),
  });
}

import { db } from "@/lib/db";
import type { Role } from "@/lib/auth/permissions";
import type { OnboardingState } from "./checklist";

// Counts the rows the checklist judges (lib/onboarding/checklist.ts decides). Every count is
// bounded by the org id and an index; `take: 1` where only "any?" matters.

export async function loadOnboardingState(orgId: string, now: Date): Promise<OnboardingState> {
  const d = db();
  const [connections, committedImports, pushedEvents, tracedSpans, org, projectBudgets, members, invitations, gpuPools, termsChangeRules, ownDocuments] = await Promise.all([
    d.providerConnection.count({ where: { orgId } }),
    d.csvImport.count({ where: { orgId, status: "COMMITTED" } }),
    d.usageEvent.findFirst({ where: { orgId }, select: { id: true } }),
    d.otelIngestDay.findFirst({ where: { orgId, accepted: { gt: 0 } }, select: { day: true } }),
    d.organization.findUniqueOrThrow({ where: { id: orgId }, select: { monthlyBudget: true } }),
    d.budget.count({ where: { orgId, projectId: { not: "" } } }),
    d.membership.findMany({ where: { orgId }, select: { role: true }, distinct: ["role"] }),
    d.invitation.findMany({ where: { orgId, acceptedAt: null, expiresAt: { gt: now } }, select: { role: true }, distinct: ["role"] }),
    d.gpuPool.count({ where: { orgId } }),
    d.alertRule.count({ where: { orgId, type: "TERMS_CHANGE", enabled: true } }),
    d.vendorDocument.count({ where: { orgId } }),
  ]);
  return {
    connections,
    committedImports,
    pushedUsage: pushedEvents !== null,
    tracedSpans: tracedSpans !== null,
    orgBudget: org.monthlyBudget !== null,
    projectBudgets,
    rolesPresentOrInvited: [...new Set([...members, ...invitations].map((r) => r.role as Role))],
    gpuPools,
    termsChangeRules,
    ownDocuments,
  };
}

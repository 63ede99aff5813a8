import { listAlertRules } from "@/lib/alerts/rule-store";
import { pageOrgContext } from "@/lib/auth/page";
import { can, ROLES } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { RulesPanel } from "./rules-panel";

export const dynamic = "force-dynamic";

// Who is told what: every alert rule of the org. Owners and admins create, edit, disable and delete them.
export default async function AlertRulesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "alerts.read");
  const [rules, pools] = await Promise.all([listAlertRules(ctx), db().gpuPool.findMany({ where: { orgId: ctx.orgId }, select: { id: true, name: true }, orderBy: { name: "asc" } })]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Alert rules</h1>
      <p className="text-sm text-gray-600">Rules are evaluated every 15 minutes; each occurrence (a month&apos;s budget threshold, one price change, one document change…) is raised once and emailed to the rule&apos;s recipients, at once or in the daily digest.</p>
      <RulesPanel org={ctx.orgSlug} rules={rules} canManage={can(ctx.role, "alertRules.manage")} roles={[...ROLES]} pools={pools} />
    </div>
  );
}

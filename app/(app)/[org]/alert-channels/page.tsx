import { pageOrgContext } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { listChannels, listRuleRouting, orgQuietHours } from "@/lib/channels/store";
import { ChannelsPanel } from "./channels-panel";

export const dynamic = "force-dynamic";

// Where alerts go besides email: Slack channels and signed webhooks, every delivery attempt, routing per rule, quiet hours.
export default async function AlertChannelsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "alertChannels.read");
  const [channels, rules, quiet] = await Promise.all([listChannels(ctx), listRuleRouting(ctx), orgQuietHours(ctx)]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Alert channels</h1>
      <p className="text-sm text-gray-600">
        Slack channels and webhooks receive the alerts their rules route to them, each from its own minimum severity. A message that does not arrive is retried for about 24 hours; every attempt is listed below.
      </p>
      <ChannelsPanel org={ctx.orgSlug} channels={channels} rules={rules} quiet={quiet} canManage={can(ctx.role, "alertChannels.manage")} canRoute={can(ctx.role, "alertRules.manage")} />
    </div>
  );
}

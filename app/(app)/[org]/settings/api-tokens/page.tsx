import { pageOrgContext } from "@/lib/auth/page";
import { listApiTokens } from "@/lib/api-tokens/tokens";
import { env } from "@/lib/env";
import { TokensPanel } from "./tokens-panel";

export const dynamic = "force-dynamic";

export default async function ApiTokensPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "apiTokens.manage");
  const initial = await listApiTokens(ctx);
  const appUrl = env().APP_URL;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">API tokens</h1>
      <p className="text-sm text-gray-600">
        Tokens let your own services push usage to <code>POST {appUrl}/api/v1/usage</code> (described at{" "}
        <a className="text-blue-700 underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a>). A token is shown once, when it is created; we keep only a hash of it.
      </p>
      <TokensPanel org={ctx.orgSlug} initial={initial} appUrl={appUrl} />
    </div>
  );
}

import { pageOrgContext } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { listFocusSources } from "@/lib/focus/sources";
import { CSV_COLUMNS, CSV_REQUIRED_COLUMNS } from "@/lib/ingest/csv";
import { listCsvImports } from "@/lib/ingest/csv-import";
import { ImportPanel } from "./import-panel";
import { FocusImportPanel } from "./focus-import-panel";
import { FocusSourcesPanel } from "./focus-sources-panel";

export const dynamic = "force-dynamic";

export default async function ImportPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "spend.import");
  const history = await listCsvImports(ctx);
  const sources = await listFocusSources(ctx);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Import spend from CSV</h1>
      <p className="text-sm text-gray-600">
        Columns (first line, any order): <code>{CSV_COLUMNS.join(", ")}</code>. Required: <code>{CSV_REQUIRED_COLUMNS.join(", ")}</code>, plus an <code>amount</code> or a
        token/request count. Amounts are plain decimals in dollars (<code>1234.50</code>, no thousands separators). The file is checked whole and imported only when it has no
        errors; a later file replaces the same day, provider, project, model and line item.
      </p>
      <ImportPanel org={ctx.orgSlug} history={history} />
      <h2 className="text-xl font-semibold pt-4">Import a cloud bill (FOCUS)</h2>
      <p className="text-sm text-gray-600">
        A FOCUS 1.0–1.3 cost and usage export from AWS Data Exports, Google Cloud Billing or Microsoft Cost Management, as CSV, gzipped CSV or Parquet. Only AI services are kept
        (Amazon Bedrock, Vertex AI, Azure OpenAI, …), under the model&apos;s maker with the cloud as its host; credits, refunds and tax stay their own rows. Importing a billing period again
        replaces it. Details: docs/focus.md.
      </p>
      <FocusImportPanel org={ctx.orgSlug} />
      <h2 className="text-xl font-semibold pt-4">Scheduled FOCUS drops</h2>
      <p className="text-sm text-gray-600">
        Where your cloud publishes its FOCUS export: a URL (fetched hourly or daily, with an optional secret header such as Authorization, stored encrypted) or a folder on this server
        inside the operator&apos;s <code>FOCUS_DROP_ROOT</code> (each new or changed .csv, .csv.gz or .parquet file). Each file is imported exactly like an upload; an unchanged file is not imported
        again, and a failed run writes nothing and shows its error here.
      </p>
      <FocusSourcesPanel org={ctx.orgSlug} initial={sources} canManage={can(ctx.role, "focusSources.manage")} />
    </div>
  );
}

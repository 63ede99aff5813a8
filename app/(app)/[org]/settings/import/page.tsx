import { pageOrgContext } from "@/lib/auth/page";
import { CSV_COLUMNS, CSV_REQUIRED_COLUMNS } from "@/lib/ingest/csv";
import { listCsvImports } from "@/lib/ingest/csv-import";
import { ImportPanel } from "./import-panel";

export const dynamic = "force-dynamic";

export default async function ImportPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "spend.import");
  const history = await listCsvImports(ctx);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Import spend from CSV</h1>
      <p className="text-sm text-gray-600">
        Columns (first line, any order): <code>{CSV_COLUMNS.join(", ")}</code>. Required: <code>{CSV_REQUIRED_COLUMNS.join(", ")}</code>, plus an <code>amount</code> or a
        token/request count. Amounts are plain decimals in dollars (<code>1234.50</code>, no thousands separators). The file is checked whole and imported only when it has no
        errors; a later file replaces the same day, provider, project, model and line item.
      </p>
      <ImportPanel org={ctx.orgSlug} history={history} />
    </div>
  );
}

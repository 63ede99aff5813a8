import Link from "next/link";
import { notFound } from "next/navigation";
import { pageOrgContext } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";
import { compareScenarios, idsFromSearchParams } from "@/lib/scenarios/saved";
import { toSearchParams } from "@/lib/spend/filters";
import { Comparison } from "../comparison";

export const dynamic = "force-dynamic";

export default async function CompareScenariosPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "scenarios.read");
  const ids = idsFromSearchParams(toSearchParams(await searchParams));
  const result = await compareScenarios(ctx, ids).catch((e) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    if (isAppError(e) && e.code === "BAD_INPUT") return e.message;
    throw e;
  });
  const q = `ids=${ids.join(",")}`;
  return (
    <div className="space-y-4">
      <p className="text-sm"><Link href={`/${ctx.orgSlug}/scenarios`} className="underline">Scenarios</Link></p>
      <div className="flex flex-wrap justify-between items-center gap-2">
        <h1 className="text-2xl font-semibold">Compare scenarios</h1>
        {typeof result !== "string" ? (
          <div className="flex gap-2 text-sm">
            <Link href={`/${ctx.orgSlug}/scenarios/compare/print?${q}`} className="rounded border px-3 py-1">Printable report</Link>
            <a href={`/api/orgs/${ctx.orgSlug}/scenarios/compare/export?${q}`} className="rounded border px-3 py-1">Export CSV</a>
          </div>
        ) : null}
      </div>
      {typeof result === "string" ? <p role="alert" className="text-red-700">{result}</p> : <Comparison org={ctx.orgSlug} items={result} />}
    </div>
  );
}

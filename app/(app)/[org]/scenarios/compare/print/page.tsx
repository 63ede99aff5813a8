import Link from "next/link";
import { notFound } from "next/navigation";
import { pageOrgContext } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";
import { compareScenarios, idsFromSearchParams } from "@/lib/scenarios/saved";
import { toSearchParams } from "@/lib/spend/filters";
import { Comparison } from "../../comparison";
import { Assumptions } from "../../assumptions";
import { PrintButton } from "../../actions";

export const dynamic = "force-dynamic";

export default async function PrintComparisonPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "scenarios.read");
  const ids = idsFromSearchParams(toSearchParams(await searchParams));
  const items = await compareScenarios(ctx, ids).catch((e) => (isAppError(e) && e.code === "NOT_FOUND" ? notFound() : Promise.reject(e)));
  return (
    <article className="space-y-4" data-testid="printable">
      <div className="no-print flex gap-2 items-center"><PrintButton /><Link href={`/${ctx.orgSlug}/scenarios/compare?ids=${ids.join(",")}`} className="underline text-sm">Back to the comparison</Link></div>
      <header>
        <p className="text-xs text-gray-500">{ctx.orgName} · scenario comparison · printed {new Date().toISOString().slice(0, 10)}</p>
        <h1 className="text-2xl font-semibold">{items.map((i) => i.scenario.name).join(" vs ")}</h1>
      </header>
      <Comparison org={ctx.orgSlug} items={items} />
      {items.map((i) => (
        <section key={i.scenario.id} className="break-before-page">
          <h2 className="text-lg font-semibold mt-4">{i.scenario.name}: inputs</h2>
          <Assumptions inputs={i.analysis.inputs} />
        </section>
      ))}
    </article>
  );
}

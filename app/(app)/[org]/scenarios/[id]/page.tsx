import Link from "next/link";
import { notFound } from "next/navigation";
import { pageOrgContext } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { getAnalysedScenario } from "@/lib/scenarios/saved";
import { analysisDto, authorName } from "@/lib/scenarios/dto";
import { ScenarioResults } from "../results";
import { Assumptions } from "../assumptions";
import { DeleteScenarioButton } from "../actions";

export const dynamic = "force-dynamic";

export default async function ScenarioPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const ctx = await pageOrgContext(org, "scenarios.read");
  const { scenario: sc, analysis } = await getAnalysedScenario(ctx, id).catch((e) => (isAppError(e) && e.code === "NOT_FOUND" ? notFound() : Promise.reject(e)));
  const base = `/${ctx.orgSlug}/scenarios/${sc.id}`;
  const canWrite = can(ctx.role, "scenarios.write");
  return (
    <div className="space-y-4">
      <p className="text-sm"><Link href={`/${ctx.orgSlug}/scenarios`} className="underline">Scenarios</Link></p>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold" data-testid="scenario-name">{sc.name}</h1>
          <p className="text-sm text-gray-600">By <span data-testid="scenario-author">{authorName(sc)}</span> · created {sc.createdAt.slice(0, 10)} · updated {sc.updatedAt.slice(0, 10)}</p>
          {sc.note ? <p className="mt-2 whitespace-pre-wrap text-sm bg-yellow-50 rounded p-2" data-testid="scenario-note">{sc.note}</p> : null}
        </div>
        <div className="flex flex-wrap gap-2 text-sm">
          {canWrite ? <Link href={`${base}/edit`} className="rounded border px-3 py-1">Edit</Link> : null}
          <Link href={`${base}/print`} className="rounded border px-3 py-1">Printable report</Link>
          <a href={`/api/orgs/${ctx.orgSlug}/scenarios/${sc.id}/export`} className="rounded border px-3 py-1">Export CSV</a>
          {canWrite ? <DeleteScenarioButton org={ctx.orgSlug} id={sc.id} name={sc.name} /> : null}
        </div>
      </div>
      {analysis ? (
        <>
          <p className="text-sm text-gray-700" data-testid="scenario-summary">Move <b>{analysis.workloadLabel}</b> to <b>{analysis.targetLabel}</b>.</p>
          <ScenarioResults a={analysisDto(analysis)} horizon={analysis.inputs.horizonMonths} />
          <Assumptions inputs={analysis.inputs} />
        </>
      ) : (
        <p role="alert" className="text-red-700">This scenario&apos;s saved inputs no longer validate ({sc.inputError}); edit it to fix them.</p>
      )}
    </div>
  );
}

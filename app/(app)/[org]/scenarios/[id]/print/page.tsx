import Link from "next/link";
import { notFound } from "next/navigation";
import { pageOrgContext } from "@/lib/auth/page";
import { isAppError } from "@/lib/errors";
import { getAnalysedScenario } from "@/lib/scenarios/saved";
import { analysisDto, authorName } from "@/lib/scenarios/dto";
import { ScenarioResults } from "../../results";
import { Assumptions } from "../../assumptions";
import { PrintButton } from "../../actions";

export const dynamic = "force-dynamic";

// The report an executive saves as PDF: the same engine and components as the scenario page, with
// every month shown and the app's navigation hidden by the print stylesheet (app/globals.css).
export default async function PrintScenarioPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const ctx = await pageOrgContext(org, "scenarios.read");
  const { scenario: sc, analysis } = await getAnalysedScenario(ctx, id).catch((e) => (isAppError(e) && e.code === "NOT_FOUND" ? notFound() : Promise.reject(e)));
  return (
    <article className="space-y-4 print:text-black" data-testid="printable">
      <div className="no-print flex gap-2 items-center"><PrintButton /><Link href={`/${ctx.orgSlug}/scenarios/${sc.id}`} className="underline text-sm">Back to the scenario</Link></div>
      <header>
        <p className="text-xs text-gray-500">{ctx.orgName} · migration scenario · printed {new Date().toISOString().slice(0, 10)}</p>
        <h1 className="text-2xl font-semibold" data-testid="scenario-name">{sc.name}</h1>
        <p className="text-sm">By {authorName(sc)} · updated {sc.updatedAt.slice(0, 10)}</p>
        {sc.note ? <p className="mt-2 whitespace-pre-wrap text-sm border-l-4 pl-2" data-testid="scenario-note">{sc.note}</p> : null}
      </header>
      {analysis ? (
        <>
          <p className="text-sm" data-testid="scenario-summary">Move <b>{analysis.workloadLabel}</b> to <b>{analysis.targetLabel}</b>.</p>
          <Assumptions inputs={analysis.inputs} />
          <ScenarioResults a={analysisDto(analysis)} horizon={analysis.inputs.horizonMonths} showMonths />
        </>
      ) : <p role="alert">This scenario&apos;s saved inputs no longer validate ({sc.inputError}).</p>}
    </article>
  );
}

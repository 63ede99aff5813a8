import Link from "next/link";
import type { Checklist } from "@/lib/onboarding/checklist";

// The first-run checklist (lib/onboarding/checklist.ts decides each step from the org's rows).
export function OnboardingChecklist({ org, checklist }: { org: string; checklist: Checklist }) {
  if (!checklist.next) return null;
  return (
    <section className="bg-white rounded-lg shadow p-4" aria-labelledby="checklist-title" data-testid="onboarding-checklist">
      <div className="flex flex-wrap items-baseline justify-between gap-2 mb-3">
        <h2 id="checklist-title" className="text-lg font-semibold">Set up {checklist.done === 0 ? "your organisation" : "the rest"}</h2>
        <p className="text-sm text-gray-600" data-testid="checklist-progress">{checklist.done} of {checklist.total} done</p>
      </div>
      <ol className="space-y-3">
        {checklist.steps.map((s) => {
          const isNext = s.key === checklist.next?.key;
          return (
            <li key={s.key} className="flex gap-3" data-testid={`step-${s.key}`} data-done={s.done ? "true" : "false"}>
              <span aria-hidden="true" className={`mt-0.5 h-5 w-5 shrink-0 rounded-full border text-center text-xs leading-5 ${s.done ? "bg-green-700 border-green-700 text-white" : "border-gray-400"}`}>{s.done ? "✓" : ""}</span>
              <div className="min-w-0">
                <p className={`font-medium ${s.done ? "text-gray-600" : ""}`}>
                  {s.title}
                  <span className="sr-only">{s.done ? " (done)" : " (not done)"}</span>
                </p>
                <p className="text-sm text-gray-600">{s.detail}</p>
                {!s.done ? (
                  s.actions.length ? (
                    <p className="mt-1 flex flex-wrap gap-2">
                      {s.actions.map((a, i) => (
                        <Link
                          key={a.href}
                          href={`/${org}/${a.href}`}
                          data-testid={isNext && i === 0 ? "checklist-next" : undefined}
                          className={isNext && i === 0 ? "rounded-md bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800" : "rounded-md border border-gray-300 px-3 py-1.5 text-sm hover:bg-gray-50"}
                        >
                          {a.label}
                        </Link>
                      ))}
                    </p>
                  ) : (
                    <p className="mt-1 text-xs text-gray-600">Your role cannot do this step: ask an owner or admin.</p>
                  )
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

import { describe, expect, it } from "vitest";
import { onboardingChecklist, type OnboardingState } from "@/lib/onboarding/checklist";

const fresh: OnboardingState = {
  connections: 0, committedImports: 0, pushedUsage: false, tracedSpans: false, orgBudget: false, projectBudgets: 0,
  rolesPresentOrInvited: ["OWNER"], gpuPools: 0, termsChangeRules: 0, ownDocuments: 0,
};
const doneKeys = (s: OnboardingState) => onboardingChecklist(s, "OWNER").steps.filter((x) => x.done).map((x) => x.key);

describe("first-run checklist from the org's rows", () => {
  it("a fresh org with only its owner: nothing done, the next step is bringing in spend, with all three ways", () => {
    const c = onboardingChecklist(fresh, "OWNER");
    expect(c.steps.map((s) => [s.key, s.done])).toEqual([["data", false], ["budget", false], ["team", false], ["gpu", false], ["terms", false]]);
    expect([c.done, c.total]).toEqual([0, 5]);
    expect(c.next?.key).toBe("data");
    expect(c.next?.actions.map((a) => a.href)).toEqual(["settings/connections", "settings/import", "settings/api-tokens"]);
  });

  it("any one source of spend is enough: a connection, a committed CSV/FOCUS import, pushed usage or traced spans", () => {
    expect(doneKeys({ ...fresh, tracedSpans: true })).toEqual(["data"]);
    expect(doneKeys({ ...fresh, connections: 1 })).toEqual(["data"]);
    expect(doneKeys({ ...fresh, committedImports: 2 })).toEqual(["data"]);
    expect(doneKeys({ ...fresh, pushedUsage: true })).toEqual(["data"]);
    expect(onboardingChecklist({ ...fresh, connections: 2, committedImports: 1 }, "OWNER").steps[0]!.detail).toBe("Spend comes from 2 billing connections, 1 imported file.");
  });

  it("with spend in, the next step is the budget, and its button opens the budgets card of Spend", () => {
    const c = onboardingChecklist({ ...fresh, connections: 1 }, "OWNER");
    expect(c.next?.key).toBe("budget");
    expect(c.next?.actions).toEqual([{ label: "Set a budget", href: "spend#budgets" }]);
  });

  it("a project budget counts as a budget as well as the org-wide one", () => {
    expect(doneKeys({ ...fresh, projectBudgets: 1 })).toEqual(["budget"]);
    expect(doneKeys({ ...fresh, orgBudget: true })).toEqual(["budget"]);
  });

  it("the team step needs both finance and engineering, as members or pending invitations", () => {
    expect(doneKeys({ ...fresh, rolesPresentOrInvited: ["OWNER", "FINANCE"] })).toEqual([]);
    expect(onboardingChecklist({ ...fresh, rolesPresentOrInvited: ["OWNER", "FINANCE"] }, "OWNER").steps[2]!.detail).toMatch(/^No one from engineering yet/);
    expect(doneKeys({ ...fresh, rolesPresentOrInvited: ["OWNER", "FINANCE", "ENGINEERING"] })).toEqual(["team"]);
  });

  it("terms are watched through an enabled terms-change rule or a document of the org's own", () => {
    expect(doneKeys({ ...fresh, termsChangeRules: 1 })).toEqual(["terms"]);
    expect(doneKeys({ ...fresh, ownDocuments: 1 })).toEqual(["terms"]);
  });

  it("everything set up: 5 of 5 and no next step", () => {
    const all: OnboardingState = { ...fresh, connections: 1, orgBudget: true, rolesPresentOrInvited: ["OWNER", "FINANCE", "ENGINEERING"], gpuPools: 1, termsChangeRules: 1 };
    const c = onboardingChecklist(all, "OWNER");
    expect([c.done, c.next]).toEqual([5, null]);
  });

  it("buttons are only those the viewer's role may use: finance imports and sets budgets, but connects nothing", () => {
    const c = onboardingChecklist(fresh, "FINANCE");
    expect(c.steps.map((s) => s.actions.map((a) => a.href))).toEqual([["settings/import"], ["spend#budgets"], [], [], []]);
    const e = onboardingChecklist(fresh, "ENGINEERING");
    expect(e.steps.map((s) => s.actions.map((a) => a.href))).toEqual([[], [], [], ["settings/gpu-pools"], ["documents"]]);
  });
});

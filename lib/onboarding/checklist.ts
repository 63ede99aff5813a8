import { can, type Action, type Role } from "@/lib/auth/permissions";

// The first-run checklist on the Overview: five steps, each done or not from what the org's rows
// say (never from a "dismissed" flag), the first undone one offered as the next step. Pure: the
// counts come from lib/onboarding/state.ts.

/** What the database holds for an org, counted (lib/onboarding/state.ts loads it). */
export interface OnboardingState {
  connections: number;
  /** CSV/FOCUS imports committed (a previewed file brings in nothing). */
  committedImports: number;
  /** Any usage event sent to POST /api/v1/usage (a gateway or SDK hook). */
  pushedUsage: boolean;
  /** Any GenAI span accepted by the OTLP receiver (/api/v1/otlp, a trace exporter). */
  tracedSpans: boolean;
  /** Organization.monthlyBudget is set, or any project has a budget. */
  orgBudget: boolean;
  projectBudgets: number;
  /** Roles held by members, or offered by invitations not yet accepted and not expired. */
  rolesPresentOrInvited: Role[];
  gpuPools: number;
  /** Enabled alert rules that tell someone when a watched vendor document changes. */
  termsChangeRules: number;
  /** Vendor documents the org added to the default watch list. */
  ownDocuments: number;
}

export type StepKey = "data" | "budget" | "team" | "gpu" | "terms";

export interface StepAction {
  label: string;
  /** Path under /<org>/. */
  href: string;
}

export interface ChecklistStep {
  key: StepKey;
  title: string;
  done: boolean;
  /** One sentence: what is true now, or what doing the step gives you. */
  detail: string;
  /** The pages that do it, those the viewer's role may use; empty = someone else must. */
  actions: StepAction[];
}

export interface Checklist {
  steps: ChecklistStep[];
  done: number;
  total: number;
  /** The first undone step, or null when the org is set up. */
  next: ChecklistStep | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

function allowed(role: Role, actions: (StepAction & { permission: Action })[]): StepAction[] {
  return actions.filter((a) => can(role, a.permission)).map(({ label, href }) => ({ label, href }));
}

export function onboardingChecklist(s: OnboardingState, role: Role): Checklist {
  const sources = [
    s.connections ? plural(s.connections, "billing connection") : null,
    s.committedImports ? plural(s.committedImports, "imported file") : null,
    s.pushedUsage ? "usage pushed to the usage API" : null,
    s.tracedSpans ? "spans from a trace exporter" : null,
  ].filter((x): x is string => x !== null);
  const missingRoles = (["FINANCE", "ENGINEERING"] as const).filter((r) => !s.rolesPresentOrInvited.includes(r));
  const budgets = (s.orgBudget ? 1 : 0) + s.projectBudgets;

  const steps: ChecklistStep[] = [
    {
      key: "data",
      title: "Bring in your AI spend",
      done: sources.length > 0,
      detail: sources.length
        ? `Spend comes from ${sources.join(", ")}.`
        : "Connect an OpenAI or Anthropic admin key, import a CSV or FOCUS billing file, or point your OpenTelemetry trace exporter at /api/v1/otlp with an API token; the spend figures and charts fill from it.",
      actions: allowed(role, [
        { label: "Connect OpenAI or Anthropic", href: "settings/connections", permission: "connections.manage" },
        { label: "Import a CSV or FOCUS file", href: "settings/import", permission: "spend.import" },
        { label: "Point a trace exporter (API token)", href: "settings/api-tokens", permission: "apiTokens.manage" },
      ]),
    },
    {
      key: "budget",
      title: "Set a monthly budget",
      done: budgets > 0,
      detail: budgets
        ? `${s.orgBudget ? "An org-wide budget" : "No org-wide budget"}${s.projectBudgets ? ` and ${plural(s.projectBudgets, "project budget")}` : ""} set.`
        : "A budget turns the month-end forecast into on track, at risk or over, and lets alerts warn before it is spent.",
      actions: allowed(role, [{ label: "Set a budget", href: "spend#budgets", permission: "budgets.manage" }]),
    },
    {
      key: "team",
      title: "Invite finance and engineering",
      done: missingRoles.length === 0,
      detail: missingRoles.length === 0
        ? "Finance and engineering are members or invited."
        : `No one from ${missingRoles.map((r) => r.toLowerCase()).join(" or ")} yet: finance owns budgets and imports, engineering the connections and GPU pools.`,
      actions: allowed(role, [{ label: "Invite people", href: "settings/members", permission: "members.manage" }]),
    },
    {
      key: "gpu",
      title: "Add a GPU pool",
      done: s.gpuPools > 0,
      detail: s.gpuPools
        ? `${plural(s.gpuPools, "GPU pool")} measured.`
        : "Describe the GPUs you run or rent (count, price, power) and point them at your metrics, so break-even compares API prices with what your own hardware costs.",
      actions: allowed(role, [{ label: "Add a GPU pool", href: "settings/gpu-pools", permission: "gpuPools.manage" }]),
    },
    {
      key: "terms",
      title: "Watch your vendors' terms",
      done: s.termsChangeRules > 0 || s.ownDocuments > 0,
      detail: s.termsChangeRules > 0 || s.ownDocuments > 0
        ? [s.termsChangeRules ? `${plural(s.termsChangeRules, "alert rule")} for terms changes` : null, s.ownDocuments ? `${plural(s.ownDocuments, "document")} of your own watched` : null].filter(Boolean).join(", ") + "."
        : "Get told when a vendor changes its terms, usage or privacy policy: add an alert rule for terms changes, or watch a document of your own.",
      actions: allowed(role, [
        { label: "Add a terms-change alert", href: "alert-rules", permission: "alertRules.manage" },
        { label: "Watch a document", href: "documents", permission: "documents.manage" },
      ]),
    },
  ];
  const done = steps.filter((x) => x.done).length;
  return { steps, done, total: steps.length, next: steps.find((x) => !x.done) ?? null };
}

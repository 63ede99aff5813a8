import { db } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import { NAV } from "@/components/nav";
import { filterOptions } from "@/lib/spend/queries";
import { listSavedViews } from "@/lib/spend/saved-view-store";

// What the command palette (Ctrl/Cmd+K) can jump to: the pages this role may open, the org's projects
// and models (each opens Spend filtered to it), its saved scenarios and the saved views this person sees.

export type PaletteGroup = "Pages" | "Projects" | "Models" | "Scenarios" | "Saved views";
export interface PaletteEntry { group: PaletteGroup; label: string; hint: string; href: string }

const MAX_PER_GROUP = 200;

/** Pages the role may open, in navigation order. Pure. */
export function pageEntries(ctx: Pick<OrgContext, "orgSlug" | "role">): PaletteEntry[] {
  return NAV.filter((n) => can(ctx.role, n.permission)).map((n) => ({ group: "Pages", label: n.label, hint: "page", href: `/${ctx.orgSlug}/${n.href}` }));
}

export async function paletteEntries(ctx: OrgContext, now: Date): Promise<PaletteEntry[]> {
  const spend = can(ctx.role, "spend.read");
  const [options, scenarios, views] = await Promise.all([
    spend ? filterOptions(ctx.orgId) : null,
    can(ctx.role, "scenarios.read") ? db().migrationScenario.findMany({ where: inOrg(ctx), select: { id: true, name: true }, orderBy: { name: "asc" }, take: MAX_PER_GROUP }) : [],
    spend ? listSavedViews(ctx, now) : [],
  ]);
  const spendLink = (k: "project" | "model", v: string) => `/${ctx.orgSlug}/spend?${new URLSearchParams({ [k]: v, groupBy: k === "project" ? "model" : "project" })}`;
  return [
    ...pageEntries(ctx),
    ...(options?.projects ?? []).filter((p) => p.id !== "").slice(0, MAX_PER_GROUP).map((p): PaletteEntry => ({ group: "Projects", label: p.name, hint: p.id === p.name ? "project" : `project ${p.id}`, href: spendLink("project", p.id) })),
    ...(options?.models ?? []).filter((m) => m !== "").slice(0, MAX_PER_GROUP).map((m): PaletteEntry => ({ group: "Models", label: m, hint: "model: spend", href: spendLink("model", m) })),
    ...scenarios.map((s): PaletteEntry => ({ group: "Scenarios", label: s.name, hint: "scenario", href: `/${ctx.orgSlug}/scenarios/${s.id}` })),
    ...views.map((v): PaletteEntry => ({ group: "Saved views", label: v.name, hint: `saved view · ${v.rangeLabel}`, href: v.href })),
  ];
}

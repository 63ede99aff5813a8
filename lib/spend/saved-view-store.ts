import { db, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import { can } from "@/lib/auth/permissions";
import { toCents } from "@/lib/money";
import { spendBreakdown } from "./queries";
import { RANGE_LABEL, MAX_PINS, canChangeView, resolveViewQuery, storedViewFields, viewHref, type SavedViewInput, type SavedViewPatch, type ViewRange } from "./saved-views";
import { scheduleLabel, type ViewReportInput, scheduleFromInput } from "./view-report";
import { removeReportScheduler, upsertReportScheduler } from "./view-report-schedule";
import { GROUP_BY_LABEL } from "./filters";

// Saved views in the database: list what a person may see, create, rename/share/pin, delete, and the
// weekly report's settings. Every query is scoped to the context's org; another org's view is NOT_FOUND.

export interface SavedViewDto {
  id: string;
  name: string;
  href: string;
  shared: boolean;
  pinned: boolean;
  mine: boolean;
  ownerEmail: string;
  range: ViewRange;
  rangeLabel: string;
  groupByLabel: string;
  canEdit: boolean;
  canDelete: boolean;
  report: { weekday: number; time: string; label: string; memberIds: string[]; addresses: string[]; lastSentAt: string | null } | null;
}

const visible = (ctx: Pick<OrgContext, "orgId" | "userId">) => inOrg(ctx, { OR: [{ shared: true }, { ownerId: ctx.userId }] });
const pad = (n: number) => String(n).padStart(2, "0");

export async function listSavedViews(ctx: OrgContext, now: Date): Promise<SavedViewDto[]> {
  const rows = await db().savedView.findMany({
    where: visible(ctx),
    include: { owner: { select: { email: true } }, pins: { where: { userId: ctx.userId }, select: { id: true } }, report: true },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
  });
  return rows.map((v) => ({
    id: v.id,
    name: v.name,
    href: viewHref(ctx.orgSlug, v, now),
    shared: v.shared,
    pinned: v.pins.length > 0,
    mine: v.ownerId === ctx.userId,
    ownerEmail: v.owner.email,
    range: v.range as ViewRange,
    rangeLabel: v.range === "fixed" ? `${v.fromDay} to ${v.toDay}` : RANGE_LABEL[v.range as ViewRange],
    groupByLabel: GROUP_BY_LABEL[resolveViewQuery(v, now).groupBy],
    canEdit: canChangeView(v, { id: ctx.userId, role: ctx.role }, "edit"),
    canDelete: canChangeView(v, { id: ctx.userId, role: ctx.role }, "delete"),
    report: v.report
      ? { weekday: v.report.weekday, time: `${pad(v.report.hour)}:${pad(v.report.minute)}`, label: scheduleLabel(v.report), memberIds: v.report.memberIds, addresses: v.report.addresses, lastSentAt: v.report.lastSentAt?.toISOString() ?? null }
      : null,
  }));
}

export async function createSavedView(ctx: OrgContext, input: SavedViewInput): Promise<{ id: string }> {
  try {
    return await db().savedView.create({ data: { orgId: ctx.orgId, ownerId: ctx.userId, name: input.name, shared: input.shared, ...storedViewFields(input) }, select: { id: true } });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw new AppError("CONFLICT", `You already have a view named "${input.name}".`, { issues: [{ field: "name", message: "already used by one of your views" }] });
    throw e;
  }
}

async function findVisible(ctx: OrgContext, id: string) {
  const v = await db().savedView.findFirst({ where: { ...visible(ctx), id } });
  if (!v) throw new AppError("NOT_FOUND", "No such saved view.");
  return v;
}

export async function updateSavedView(ctx: OrgContext, id: string, patch: SavedViewPatch): Promise<{ id: string }> {
  const v = await findVisible(ctx, id);
  if ((patch.name !== undefined || patch.shared !== undefined) && !canChangeView(v, { id: ctx.userId, role: ctx.role }, "edit"))
    throw new AppError("FORBIDDEN", "Only the person who saved this view may rename or share it.");
  if (patch.pinned === true) {
    const pins = await db().savedViewPin.findMany({ where: { userId: ctx.userId, view: visible(ctx) }, select: { viewId: true } });
    if (!pins.some((p) => p.viewId === id) && pins.length >= MAX_PINS)
      throw new AppError("CONFLICT", `At most ${MAX_PINS} views can be pinned to the Overview; unpin one first.`, { issues: [{ field: "pinned", message: `already ${MAX_PINS} pinned` }] });
  }
  await db().$transaction(async (tx) => {
    if (patch.name !== undefined || patch.shared !== undefined) {
      try {
        await tx.savedView.update({ where: { id }, data: { ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.shared !== undefined ? { shared: patch.shared } : {}) } });
      } catch (e) {
        if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw new AppError("CONFLICT", `You already have a view named "${patch.name}".`, { issues: [{ field: "name", message: "already used by one of your views" }] });
        throw e;
      }
    }
    if (patch.pinned === true) await tx.savedViewPin.upsert({ where: { userId_viewId: { userId: ctx.userId, viewId: id } }, create: { userId: ctx.userId, viewId: id }, update: {} });
    if (patch.pinned === false) await tx.savedViewPin.deleteMany({ where: { userId: ctx.userId, viewId: id } });
  });
  return { id };
}

export async function deleteSavedView(ctx: OrgContext, id: string): Promise<void> {
  const v = await db().savedView.findFirst({ where: { ...visible(ctx), id }, include: { report: { select: { id: true } } } });
  if (!v) throw new AppError("NOT_FOUND", "No such saved view.");
  if (!canChangeView(v, { id: ctx.userId, role: ctx.role }, "delete")) throw new AppError("FORBIDDEN", "Only the person who saved this view (or an admin, once shared) may delete it.");
  await db().savedView.delete({ where: { id } });
  if (v.report) await removeReportScheduler(v.report.id);
}

/** The weekly report of a view the person can see; recipients who are members must be members of this org. */
export async function setViewReport(ctx: OrgContext, viewId: string, input: ViewReportInput): Promise<{ id: string; label: string }> {
  await findVisible(ctx, viewId);
  const members = await db().membership.findMany({ where: inOrg(ctx, { userId: { in: input.memberIds } }), select: { userId: true } });
  const known = new Set(members.map((m) => m.userId));
  const unknown = input.memberIds.findIndex((id) => !known.has(id));
  if (unknown !== -1) throw new AppError("BAD_INPUT", "A chosen recipient is not a member of this organisation.", { issues: [{ field: `memberIds[${unknown}]`, message: "not a member of this organisation" }] });
  const s = scheduleFromInput(input);
  const data = { weekday: s.weekday, hour: s.hour, minute: s.minute, memberIds: [...new Set(input.memberIds)], addresses: [...new Set(input.addresses)] };
  const report = await db().viewReport.upsert({ where: { viewId }, create: { orgId: ctx.orgId, viewId, createdById: ctx.userId, ...data }, update: data, select: { id: true } });
  await upsertReportScheduler(report.id, s);
  return { id: report.id, label: scheduleLabel(s) };
}

export async function deleteViewReport(ctx: OrgContext, viewId: string): Promise<void> {
  await findVisible(ctx, viewId);
  const report = await db().viewReport.findFirst({ where: inOrg(ctx, { viewId }), select: { id: true } });
  if (!report) throw new AppError("NOT_FOUND", "This view has no scheduled report.");
  await db().viewReport.delete({ where: { id: report.id } });
  await removeReportScheduler(report.id);
}

export interface PinnedViewCard { id: string; name: string; href: string; from: string; to: string; total: string; groupByLabel: string; shared: boolean }

/** The Overview's cards: the person's pinned views they can still see, each with its total at `now`. */
export async function pinnedViewCards(ctx: OrgContext, now: Date): Promise<PinnedViewCard[]> {
  const views = await db().savedView.findMany({ where: { ...visible(ctx), pins: { some: { userId: ctx.userId } } }, orderBy: [{ name: "asc" }, { createdAt: "asc" }], take: MAX_PINS });
  return Promise.all(
    views.map(async (v) => {
      const q = resolveViewQuery(v, now);
      const { groupBy, ...filters } = q;
      const b = await spendBreakdown(ctx.orgId, filters, groupBy);
      return { id: v.id, name: v.name, href: viewHref(ctx.orgSlug, v, now), from: q.from, to: q.to, total: toCents(b.total.total), groupByLabel: GROUP_BY_LABEL[groupBy], shared: v.shared };
    }),
  );
}

/** Members a report can be sent to (the recipient picker). */
export async function reportMemberChoices(ctx: OrgContext): Promise<{ userId: string; email: string; role: string }[]> {
  if (!can(ctx.role, "viewReports.manage")) return [];
  const rows = await db().membership.findMany({ where: inOrg(ctx), select: { userId: true, role: true, user: { select: { email: true } } }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({ userId: r.userId, email: r.user.email, role: r.role }));
}

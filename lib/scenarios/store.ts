import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import { scenarioInputSchema, scenarioInputToJson, type ScenarioInputs } from "./schema";
import type { z } from "zod";
import type { scenarioBodySchema, scenarioPatchSchema } from "./schema";

// Saved scenarios, org-scoped: every query filters by ctx.orgId, and another org's id is NOT_FOUND.
// Only the inputs are stored (validated); outputs are recomputed by the engine on every read, so
// a fix to the engine shows in every saved scenario.

export interface SavedScenario {
  id: string;
  name: string;
  note: string;
  author: { id: string; name: string | null; email: string } | null;
  createdAt: string;
  updatedAt: string;
  /** null when the stored inputs no longer validate (then `inputError` says why). */
  inputs: ScenarioInputs | null;
  inputError: string | null;
}

type Row = { id: string; name: string; note: string; authorId: string | null; inputs: unknown; createdAt: Date; updatedAt: Date };
const SELECT = { id: true, name: true, note: true, authorId: true, inputs: true, createdAt: true, updatedAt: true } as const;

async function withAuthors(rows: Row[]): Promise<SavedScenario[]> {
  const ids = [...new Set(rows.map((r) => r.authorId).filter((id): id is string => !!id))];
  const users = ids.length ? await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return rows.map((r) => {
    const parsed = scenarioInputSchema.safeParse(r.inputs);
    return {
      id: r.id,
      name: r.name,
      note: r.note,
      author: r.authorId ? (byId.get(r.authorId) ?? null) : null,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      inputs: parsed.success ? parsed.data : null,
      inputError: parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    };
  });
}

export async function listScenarios(ctx: Pick<OrgContext, "orgId">): Promise<SavedScenario[]> {
  return withAuthors(await db().migrationScenario.findMany({ where: inOrg(ctx), select: SELECT, orderBy: [{ updatedAt: "desc" }, { id: "asc" }] }));
}

export async function getScenario(ctx: Pick<OrgContext, "orgId">, id: string): Promise<SavedScenario> {
  const row = await db().migrationScenario.findFirst({ where: inOrg(ctx, { id }), select: SELECT });
  if (!row) throw new AppError("NOT_FOUND", "No such scenario.");
  return (await withAuthors([row]))[0]!;
}

export const MAX_COMPARED = 4;

/** 2–4 scenarios of the org in the order asked; any id not in the org is NOT_FOUND. */
export async function getScenariosForComparison(ctx: Pick<OrgContext, "orgId">, ids: string[]): Promise<SavedScenario[]> {
  const unique = [...new Set(ids.map((i) => i.trim()).filter(Boolean))];
  if (unique.length < 2 || unique.length > MAX_COMPARED) {
    throw new AppError("BAD_INPUT", `Pick 2 to ${MAX_COMPARED} scenarios to compare.`, { issues: [{ field: "ids", message: `must name 2 to ${MAX_COMPARED} different scenarios` }] });
  }
  const rows = await db().migrationScenario.findMany({ where: inOrg(ctx, { id: { in: unique } }), select: SELECT });
  if (rows.length !== unique.length) throw new AppError("NOT_FOUND", "No such scenario.");
  const byId = new Map(rows.map((r) => [r.id, r]));
  return withAuthors(unique.map((id) => byId.get(id)!));
}

export type ScenarioBody = z.output<typeof scenarioBodySchema>;
export type ScenarioPatch = z.output<typeof scenarioPatchSchema>;

export async function createScenario(ctx: OrgContext, body: ScenarioBody): Promise<SavedScenario> {
  const row = await db().migrationScenario.create({
    data: { orgId: ctx.orgId, name: body.name, note: body.note, authorId: ctx.userId, inputs: scenarioInputToJson(body.inputs) as object },
    select: SELECT,
  });
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "scenario.created", targetType: "MigrationScenario", targetId: row.id, data: { name: body.name } } });
  return (await withAuthors([row]))[0]!;
}

export async function updateScenario(ctx: OrgContext, id: string, patch: ScenarioPatch): Promise<SavedScenario> {
  const data = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.note !== undefined ? { note: patch.note } : {}),
    ...(patch.inputs !== undefined ? { inputs: scenarioInputToJson(patch.inputs) as object } : {}),
  };
  // updateMany with the org in the where: another org's id updates nothing and is NOT_FOUND.
  const { count } = await db().migrationScenario.updateMany({ where: inOrg(ctx, { id }), data });
  if (count === 0) throw new AppError("NOT_FOUND", "No such scenario.");
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "scenario.updated", targetType: "MigrationScenario", targetId: id, data: { fields: Object.keys(data) } } });
  return getScenario(ctx, id);
}

export async function deleteScenario(ctx: OrgContext, id: string): Promise<void> {
  const { count } = await db().migrationScenario.deleteMany({ where: inOrg(ctx, { id }) });
  if (count === 0) throw new AppError("NOT_FOUND", "No such scenario.");
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "scenario.deleted", targetType: "MigrationScenario", targetId: id } });
}

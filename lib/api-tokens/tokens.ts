import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";

// Org API tokens for machine clients (POST /api/v1/usage). A token is shown once, at creation;
// only its sha256 is stored, with a short prefix so people can tell their tokens apart.

export const TOKEN_PREFIX = "bk_";
const PREFIX_SHOWN = TOKEN_PREFIX.length + 8;
/** lastUsedAt is a hint for people, not an audit trail: write it at most once a minute per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const createTokenSchema = z.object({ name: z.string().trim().min(1, "required").max(100, "at most 100 characters") });

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface ApiTokenDto {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const SELECT = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;
const toDto = (t: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }): ApiTokenDto => ({
  ...t,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: iso(t.lastUsedAt),
  revokedAt: iso(t.revokedAt),
});

export async function listApiTokens(ctx: Pick<OrgContext, "orgId">): Promise<ApiTokenDto[]> {
  const rows = await db().apiToken.findMany({ where: inOrg(ctx), select: SELECT, orderBy: { createdAt: "desc" } });
  return rows.map(toDto);
}

/** Returns the token itself exactly once; it cannot be recovered later. */
export async function createApiToken(ctx: OrgContext, name: string): Promise<ApiTokenDto & { token: string }> {
  const token = TOKEN_PREFIX + randomBytes(30).toString("base64url");
  const row = await db().apiToken.create({
    data: { orgId: ctx.orgId, name, tokenHash: hashToken(token), prefix: token.slice(0, PREFIX_SHOWN), createdById: ctx.userId },
    select: SELECT,
  });
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "apiToken.created", targetType: "ApiToken", targetId: row.id, data: { name, prefix: row.prefix } } });
  return { ...toDto(row), token };
}

export async function revokeApiToken(ctx: OrgContext, id: string): Promise<ApiTokenDto> {
  const t = await db().apiToken.findFirst({ where: inOrg(ctx, { id }), select: { id: true, revokedAt: true } });
  if (!t) throw new AppError("NOT_FOUND", "API token not found");
  const row = t.revokedAt
    ? await db().apiToken.findUniqueOrThrow({ where: { id }, select: SELECT })
    : await db().apiToken.update({ where: { id }, data: { revokedAt: new Date() }, select: SELECT });
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "apiToken.revoked", targetType: "ApiToken", targetId: id } });
  return toDto(row);
}

export interface TokenAuth {
  orgId: string;
  tokenId: string;
}

/** `Authorization: Bearer bk_…` → the token's org. Unknown and revoked tokens look the same: 401. */
export async function authenticateApiToken(authorization: string | null, now = new Date()): Promise<TokenAuth> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) throw new AppError("UNAUTHENTICATED", 'Send an org API token: "Authorization: Bearer bk_…" (Settings → API tokens).');
  const t = await db().apiToken.findUnique({ where: { tokenHash: hashToken(match[1]!) }, select: { id: true, orgId: true, revokedAt: true, lastUsedAt: true } });
  if (!t || t.revokedAt) throw new AppError("UNAUTHENTICATED", "This API token is not valid (unknown or revoked).");
  if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db().apiToken.update({ where: { id: t.id }, data: { lastUsedAt: now } });
  }
  return { orgId: t.orgId, tokenId: t.id };
}

import { db, Prisma } from "@/lib/db";
import { lastFour, sealSecret } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import type { ConnectionTestResult, EndpointOutcome } from "@/lib/providers/types";
import { resolveBaseUrl, resolvedRequestUrl } from "@/lib/providers/base-url";
import { connectionStatusText } from "@/lib/connections/status-text";
import { PROVIDER_KINDS, type CreateConnectionInput, type UpdateConnectionInput } from "@/lib/connections/schemas";
import { connectionClient } from "@/lib/connections/sync";
import { assertFetchable } from "@/lib/net/safe-fetch";
import { describeBackfill, scheduleSync, unscheduleSync, type BackfillStatus } from "@/lib/connections/jobs";

// Provider connections of an org: what Settings → Connections lists and changes. The admin key goes
// in once, encrypted (AES-256-GCM, key id stored for rotation); only its last four characters
// ever come back out of this module.

export interface ConnectionDto {
  id: string;
  provider: "openai" | "anthropic";
  name: string;
  keyLast4: string;
  baseUrl: string | null;
  status: "PENDING" | "ACTIVE" | "PAUSED" | "FAILING";
  syncedThrough: string | null;
  lastSyncAt: string | null;
  lastSuccessAt: string | null;
  /** Base URL every request is built on ("https://api.openai.com" when none was given), and one request in full. */
  resolvedBaseUrl: string;
  resolvedRequestUrl: string;
  /** The one sentence the card leads with (lib/connections/status-text.ts). */
  statusText: string;
  lastError: string | null;
  /** Raw exchange of the last error, shown behind a toggle. */
  lastErrorDetail: string | null;
  lastErrorAt: string | null;
  failingSince: string | null;
  lastWarning: string | null;
  lastWarningAt: string | null;
  /** What each report did in the last successful window. */
  endpoints: EndpointOutcome[];
  rows: { cost: number; usage: number };
  backfill: BackfillStatus;
  createdAt: string;
}

// Everything but the ciphertext: a query that forgets this select cannot leak the key.
const PUBLIC = {
  id: true, provider: true, name: true, credentialsLast4: true, baseUrl: true, status: true, syncedThrough: true, lastSyncAt: true,
  lastSuccessAt: true, lastError: true, lastErrorDetail: true, lastErrorAt: true, failingSince: true, backfillJobId: true, backfillProgress: true, createdAt: true,
  endpointStatus: true, lastWarning: true, lastWarningAt: true,
} satisfies Prisma.ProviderConnectionSelect;
type PublicRow = Prisma.ProviderConnectionGetPayload<{ select: typeof PUBLIC }>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function toDto(c: PublicRow, rows: { cost: number; usage: number }): Promise<ConnectionDto> {
  const provider = c.provider === "OPENAI" ? "openai" : "anthropic";
  const endpoints = (Array.isArray(c.endpointStatus) ? c.endpointStatus : []) as unknown as EndpointOutcome[];
  return {
    id: c.id,
    provider,
    name: c.name,
    keyLast4: c.credentialsLast4,
    baseUrl: c.baseUrl,
    status: c.status,
    syncedThrough: iso(c.syncedThrough),
    lastSyncAt: iso(c.lastSyncAt),
    lastSuccessAt: iso(c.lastSuccessAt),
    resolvedBaseUrl: resolveBaseUrl(provider, c.baseUrl),
    resolvedRequestUrl: resolvedRequestUrl(provider, c.baseUrl),
    statusText: connectionStatusText({ status: c.status, lastSuccessAt: c.lastSuccessAt, lastError: c.lastError, lastErrorAt: c.lastErrorAt, endpoints }),
    lastError: c.lastError,
    lastErrorDetail: c.lastErrorDetail,
    lastErrorAt: iso(c.lastErrorAt),
    failingSince: iso(c.failingSince),
    lastWarning: c.lastWarning,
    lastWarningAt: iso(c.lastWarningAt),
    endpoints,
    rows,
    backfill: await describeBackfill(c.backfillJobId, c.backfillProgress),
    createdAt: c.createdAt.toISOString(),
  };
}

async function rowCounts(orgId: string, ids: string[]): Promise<Map<string, { cost: number; usage: number }>> {
  const counts = new Map(ids.map((id) => [id, { cost: 0, usage: 0 }]));
  if (ids.length === 0) return counts;
  const [cost, usage] = await Promise.all([
    db().costBucket.groupBy({ by: ["connectionId"], where: { orgId, connectionId: { in: ids } }, _count: { _all: true } }),
    db().usageBucket.groupBy({ by: ["connectionId"], where: { orgId, connectionId: { in: ids } }, _count: { _all: true } }),
  ]);
  for (const r of cost) if (r.connectionId) counts.get(r.connectionId)!.cost = r._count._all;
  for (const r of usage) if (r.connectionId) counts.get(r.connectionId)!.usage = r._count._all;
  return counts;
}

export async function listConnections(ctx: Pick<OrgContext, "orgId">): Promise<ConnectionDto[]> {
  const rows = await db().providerConnection.findMany({ where: inOrg(ctx), select: PUBLIC, orderBy: { createdAt: "asc" } });
  const counts = await rowCounts(ctx.orgId, rows.map((r) => r.id));
  return Promise.all(rows.map((r) => toDto(r, counts.get(r.id)!)));
}

export async function getConnection(ctx: Pick<OrgContext, "orgId">, id: string): Promise<ConnectionDto> {
  const row = await db().providerConnection.findFirst({ where: inOrg(ctx, { id }), select: PUBLIC });
  if (!row) throw new AppError("NOT_FOUND", "Connection not found");
  return toDto(row, (await rowCounts(ctx.orgId, [id])).get(id)!);
}

export async function createConnection(ctx: OrgContext, input: CreateConnectionInput): Promise<ConnectionDto> {
  if (input.baseUrl) await assertFetchable(input.baseUrl, "baseUrl");
  const sealed = sealSecret(input.apiKey);
  let id: string;
  try {
    const row = await db().providerConnection.create({
      data: {
        orgId: ctx.orgId,
        provider: PROVIDER_KINDS[input.provider],
        name: input.name,
        encryptedCredentials: sealed.ciphertext,
        credentialsKeyId: sealed.keyId,
        credentialsLast4: lastFour(input.apiKey),
        baseUrl: input.baseUrl ?? null,
      },
      select: { id: true },
    });
    id = row.id;
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError("CONFLICT", `A connection named "${input.name}" already exists.`, { issues: [{ field: "name", message: "already used in this org" }] });
    }
    throw e;
  }
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "connection.created", targetType: "ProviderConnection", targetId: id, data: { provider: input.provider, name: input.name } } });
  await scheduleSync(id);
  return getConnection(ctx, id);
}

/** One cheap real call with the stored key; the outcome in words. Changes nothing. */
export async function testConnection(ctx: Pick<OrgContext, "orgId">, id: string): Promise<ConnectionTestResult> {
  const c = await db().providerConnection.findFirst({
    where: inOrg(ctx, { id }),
    select: { id: true, orgId: true, provider: true, encryptedCredentials: true, credentialsKeyId: true, baseUrl: true, status: true },
  });
  if (!c) throw new AppError("NOT_FOUND", "Connection not found");
  // A person is waiting on the answer: two tries, ten seconds each, at most two seconds of Retry-After.
  const client = connectionClient(c, { retry: { maxAttempts: 2, timeoutMs: 10_000, baseDelayMs: 250, maxDelayMs: 1000, maxRetryAfterMs: 2000 } });
  return client.testConnection();
}

export async function updateConnection(ctx: OrgContext, id: string, input: UpdateConnectionInput): Promise<ConnectionDto> {
  if (input.apiKey !== undefined) await replaceKey(ctx, id, input.apiKey);
  if (input.paused !== undefined) await setPaused(ctx, id, input.paused);
  return getConnection(ctx, id);
}

/** A new admin key (the old one was revoked or rotated): a FAILING connection gets another chance. */
async function replaceKey(ctx: OrgContext, id: string, apiKey: string): Promise<void> {
  const c = await db().providerConnection.findFirst({ where: inOrg(ctx, { id }), select: { id: true, status: true, lastSuccessAt: true } });
  if (!c) throw new AppError("NOT_FOUND", "Connection not found");
  const sealed = sealSecret(apiKey);
  await db().providerConnection.update({
    where: { id },
    data: {
      encryptedCredentials: sealed.ciphertext,
      credentialsKeyId: sealed.keyId,
      credentialsLast4: lastFour(apiKey),
      ...(c.status === "FAILING" ? { status: c.lastSuccessAt ? "ACTIVE" : "PENDING", failingSince: null } : {}),
    },
  });
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "connection.keyReplaced", targetType: "ProviderConnection", targetId: id } });
}

async function setPaused(ctx: OrgContext, id: string, paused: boolean): Promise<void> {
  const c = await db().providerConnection.findFirst({ where: inOrg(ctx, { id }), select: { id: true, status: true, lastSuccessAt: true } });
  if (!c) throw new AppError("NOT_FOUND", "Connection not found");
  if (paused) {
    await db().providerConnection.update({ where: { id }, data: { status: "PAUSED" } });
    await unscheduleSync(id);
  } else if (c.status === "PAUSED") {
    // The next sync decides between ACTIVE and FAILING; until then, say whether it ever worked.
    await db().providerConnection.update({ where: { id }, data: { status: c.lastSuccessAt ? "ACTIVE" : "PENDING", failingSince: null } });
    await scheduleSync(id);
  }
  await db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: paused ? "connection.paused" : "connection.resumed", targetType: "ProviderConnection", targetId: id } });
}

/**
 * Delete a connection and the spend it synced. Its buckets are keyed by the connection id, so a
 * connection added again later would otherwise count the same dollars a second time.
 */
export async function deleteConnection(ctx: OrgContext, id: string): Promise<void> {
  const c = await db().providerConnection.findFirst({ where: inOrg(ctx, { id }), select: { id: true, name: true } });
  if (!c) throw new AppError("NOT_FOUND", "Connection not found");
  await unscheduleSync(id);
  await db().$transaction(async (tx) => {
    await tx.costBucket.deleteMany({ where: { orgId: ctx.orgId, sourceKey: id } });
    await tx.usageBucket.deleteMany({ where: { orgId: ctx.orgId, sourceKey: id } });
    await tx.providerConnection.delete({ where: { id } });
    await tx.auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action: "connection.deleted", targetType: "ProviderConnection", targetId: id, data: { name: c.name } } });
  });
}

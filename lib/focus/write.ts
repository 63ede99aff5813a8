import { db, Prisma } from "@/lib/db";
import type { FocusBucket } from "./aggregate";

// A FOCUS import replaces whole sources: every (cloud, billing account, billing period) the file names
// loses what an earlier file said and gets this file's buckets, in one transaction. A re-delivered or
// corrected month therefore replaces, never adds; a period the file does not name is left alone.

export const FOCUS_TX = { timeout: 600_000, maxWait: 10_000 } as const;
const CHUNK = 5_000;

export interface FocusWriteResult {
  deleted: number;
  inserted: number;
}

export async function replaceFocusSources(orgId: string, sourceKeys: readonly string[], buckets: readonly FocusBucket[], alsoInTx?: (tx: Prisma.TransactionClient) => Promise<unknown>): Promise<FocusWriteResult> {
  return db().$transaction(async (tx) => {
    const deleted = sourceKeys.length
      ? await tx.$executeRaw`DELETE FROM "CostBucket" WHERE "orgId" = ${orgId} AND "sourceKey" = ANY(${[...sourceKeys]}::text[])`
      : 0;
    let inserted = 0;
    for (let i = 0; i < buckets.length; i += CHUNK) inserted += await insertChunk(tx, orgId, buckets.slice(i, i + CHUNK));
    if (alsoInTx) await alsoInTx(tx);
    return { deleted, inserted };
  }, FOCUS_TX);
}

async function insertChunk(tx: Prisma.TransactionClient, orgId: string, rows: readonly FocusBucket[]): Promise<number> {
  const col = <T>(f: (r: FocusBucket) => T) => rows.map(f);
  return tx.$executeRaw`
    INSERT INTO "CostBucket" ("orgId", "sourceKey", "origin", "connectionId", "provider", "day", "projectId", "model", "lineItem", "currency", "amount", "quantity", "quantityUnit", "estimated",
      "host", "chargeCategory", "effectiveCost", "listCost", "updatedAt")
    SELECT ${orgId}, r.source, 'FOCUS'::"BucketOrigin", NULL, r.provider, r.day, r.project, r.model, r.line_item, r.currency, r.billed, r.quantity, r.unit, false,
      r.host, r.category, r.effective, r.list, now()
    FROM unnest(
      ${col((r) => r.sourceKey)}::text[], ${col((r) => r.provider)}::text[], ${col((r) => r.day)}::date[], ${col((r) => r.projectId)}::text[], ${col((r) => r.model)}::text[],
      ${col((r) => r.lineItem)}::text[], ${col((r) => r.currency)}::text[], ${col((r) => r.billed.toFixed())}::numeric[], ${col((r) => r.quantity?.toFixed() ?? null)}::numeric[],
      ${col((r) => r.unit)}::text[], ${col((r) => r.host)}::text[], ${col((r) => r.chargeCategory)}::text[], ${col((r) => r.effective.toFixed())}::numeric[], ${col((r) => r.list.toFixed())}::numeric[]
    ) AS r(source, provider, day, project, model, line_item, currency, billed, quantity, unit, host, category, effective, list)`;
}

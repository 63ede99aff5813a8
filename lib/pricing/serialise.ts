import { z } from "zod";
import { parseOrThrow } from "@/lib/errors";
import { dec } from "@/lib/money";
import type { CatalogVersion, ModelPrice } from "@/lib/pricing/types";

// JSON form of a catalog version (the bundled snapshot, job payloads): prices as decimal strings so no
// float ever touches them, dates as ISO strings.

const decimalString = z.string().regex(/^\d+(\.\d+)?$/, "must be a non-negative decimal string");
const nullableDecimal = decimalString.nullable();

const modelSchema = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  mode: z.enum(["chat", "completion", "embedding", "responses"]),
  input: decimalString,
  output: decimalString,
  cachedInput: nullableDecimal,
  cacheWrite: nullableDecimal,
  perRequest: nullableDecimal,
  perImage: nullableDecimal,
  deprecationDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  sourceIds: z.array(z.string()),
});

export const serialisedCatalogSchema = z.object({
  source: z.string().min(1),
  effectiveFrom: z.iso.datetime({ offset: true }),
  revision: z.string().nullable().optional(),
  /** free-form provenance (where the file came from, licence) */
  notes: z.record(z.string(), z.string()).optional(),
  models: z.array(modelSchema),
});
export type SerialisedCatalog = z.infer<typeof serialisedCatalogSchema>;

export function serialiseCatalog(version: CatalogVersion, notes?: Record<string, string>): SerialisedCatalog {
  const s = (v: ModelPrice[keyof Pick<ModelPrice, "cachedInput">]) => (v === null ? null : v.toFixed());
  return {
    source: version.source,
    effectiveFrom: version.effectiveFrom.toISOString(),
    revision: version.revision ?? null,
    ...(notes ? { notes } : {}),
    models: version.models.map((m) => ({
      provider: m.provider,
      model: m.model,
      mode: m.mode,
      input: m.input.toFixed(),
      output: m.output.toFixed(),
      cachedInput: s(m.cachedInput),
      cacheWrite: s(m.cacheWrite),
      perRequest: s(m.perRequest),
      perImage: s(m.perImage),
      deprecationDate: m.deprecationDate,
      sourceIds: m.sourceIds,
    })),
  };
}

export function deserialiseCatalog(json: unknown): CatalogVersion {
  const c = parseOrThrow(serialisedCatalogSchema, json, "price catalog");
  const d = (v: string | null) => (v === null ? null : dec(v));
  return {
    source: c.source,
    effectiveFrom: new Date(c.effectiveFrom),
    revision: c.revision ?? null,
    models: c.models.map((m) => ({
      ...m,
      input: dec(m.input),
      output: dec(m.output),
      cachedInput: d(m.cachedInput),
      cacheWrite: d(m.cacheWrite),
      perRequest: d(m.perRequest),
      perImage: d(m.perImage),
    })),
  };
}

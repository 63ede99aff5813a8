import seed from "@/lib/privacy/posture-seed.json";

// A vendor offering's privacy posture: what happens to the data a project sends it. The bundled seed
// (posture-seed.json) holds only what a source document says, quoted and dated; an org's override (its
// contract: an enterprise agreement, zero data retention granted) wins over the seed; a watched document's
// change whose training or retention rule fired marks the affected fields "needs review" with the diff.

export const POSTURE_FIELDS = ["trainsOnInputsByDefault", "optOutAvailable", "retentionDays", "zeroDataRetention", "regions", "subprocessorsUrl", "certifications"] as const;
export type PostureField = (typeof POSTURE_FIELDS)[number];

export const FIELD_LABELS: Record<PostureField, string> = {
  trainsOnInputsByDefault: "Trains on your inputs by default",
  optOutAvailable: "Opt-out from training available",
  retentionDays: "Keeps inputs and outputs (days)",
  zeroDataRetention: "Zero data retention available",
  regions: "Processing regions",
  subprocessorsUrl: "Sub-processors list",
  certifications: "Certifications",
};

export type PostureValue = boolean | number | string | string[] | null;
/** confirmed: the recording date of the quoted text; via: how it was read when that is not an Open Terms Archive recording. */
export interface CitedValue { value: PostureValue; source: string; quote: string; confirmed: string; via?: string }
/** providers: the usage providers (as lib/pricing/price-book.ts catalogProvider names them) whose data this offering receives. */
/** unknown: for a field no bundled document confirms, why (never a guessed value). */
export interface SeedOffering { vendor: string; offering: string; label: string; providers: string[]; fields: Partial<Record<PostureField, CitedValue>>; unknown?: Partial<Record<PostureField, string>> }
export interface PostureOverride { vendor: string; offering: string; field: PostureField; value: PostureValue; note: string }
export interface PostureReview { vendor: string; offering: string; field: PostureField; changeId: string; documentId?: string; detectedAt?: Date; diff: string[] }

export interface EffectiveField {
  field: PostureField;
  label: string;
  value: PostureValue;
  origin: "override" | "seed" | "unknown";
  source: string | null;
  quote: string | null;
  confirmed: string | null;
  /** how a seed value was read when not from an Open Terms Archive recording */
  via: string | null;
  /** the override's note (where the org's value comes from), or why an unknown field is unknown */
  note: string | null;
  needsReview: { changeId: string; documentId?: string; diff: string[] }[];
}

export function seedOfferings(): SeedOffering[] {
  return seed.offerings as SeedOffering[];
}

/** The offering a usage provider's data goes to ("bedrock" → AWS Bedrock), or undefined when the seed has no record of it. */
export function offeringForProvider(provider: string, offerings: readonly SeedOffering[] = seedOfferings()): SeedOffering | undefined {
  const p = provider.toLowerCase();
  return offerings.find((o) => o.providers.includes(p));
}

/** "openai" → "OpenAI": the vendor's name as the seed labels its offerings, else the id as given. */
export function vendorName(vendor: string, offerings: readonly SeedOffering[] = seedOfferings()): string {
  return offerings.find((o) => o.vendor === vendor.toLowerCase())?.label.split(" — ")[0] ?? vendor;
}

/** The posture an org sees: override > seed > unknown, each field with its citation and any open review. */
export function effectivePosture(offering: SeedOffering, overrides: readonly PostureOverride[], reviews: readonly PostureReview[]): EffectiveField[] {
  return POSTURE_FIELDS.map((field) => {
    const o = overrides.find((x) => x.vendor === offering.vendor && x.offering === offering.offering && x.field === field);
    const s = offering.fields[field];
    const needsReview = reviews.filter((r) => r.vendor === offering.vendor && r.offering === offering.offering && r.field === field).map((r) => ({ changeId: r.changeId, documentId: r.documentId, diff: r.diff }));
    if (o) return { field, label: FIELD_LABELS[field], value: o.value, origin: "override", source: null, quote: null, confirmed: null, via: null, note: o.note, needsReview };
    if (s) return { field, label: FIELD_LABELS[field], value: s.value, origin: "seed", source: s.source, quote: s.quote, confirmed: s.confirmed, via: s.via ?? null, note: null, needsReview };
    return { field, label: FIELD_LABELS[field], value: null, origin: "unknown", source: null, quote: null, confirmed: null, via: null, note: offering.unknown?.[field] ?? null, needsReview };
  });
}

/** Which posture fields a terms rule speaks to (lib/terms/clause-rules.ts ids). */
export const RULE_FIELDS: Record<string, PostureField[]> = {
  "training-on-customer-data": ["trainsOnInputsByDefault", "optOutAvailable"],
  "data-retention": ["retentionDays", "zeroDataRetention"],
  "processing-regions": ["regions"],
};

/** The reviews a document change opens: every offering of its vendor, every field its fired rules speak to. */
export function reviewsForChange(change: { id: string; documentId?: string; detectedAt?: Date; vendor: string; matchedRules: readonly string[]; diff: readonly string[] }, offerings: readonly SeedOffering[]): PostureReview[] {
  const fields = [...new Set(change.matchedRules.flatMap((r) => RULE_FIELDS[r] ?? []))];
  return offerings
    .filter((o) => o.vendor === change.vendor.toLowerCase())
    .flatMap((o) => fields.map((field) => ({ vendor: o.vendor, offering: o.offering, field, changeId: change.id, documentId: change.documentId, detectedAt: change.detectedAt, diff: [...change.diff] })));
}

export const SENSITIVE_KINDS = ["PII", "CUSTOMER_CONTENT", "SOURCE_CODE"] as const;
export type SensitiveKind = (typeof SENSITIVE_KINDS)[number];

export const SENSITIVE_LABELS: Record<SensitiveKind, string> = { PII: "personal data", CUSTOMER_CONTENT: "customer content", SOURCE_CODE: "source code" };

export function sensitiveWords(kinds: readonly SensitiveKind[]): string {
  return kinds.map((s) => SENSITIVE_LABELS[s]).join(", ");
}

export interface ExposureFlag { kind: "may-train" | "retention-over-limit" | "unknown-posture"; text: string }

/**
 * Why a project's data at this offering needs attention: it handles sensitive data and the offering trains on
 * inputs by default (an opt-out the org has not recorded as an override does not count), or keeps it longer
 * than the org's limit. An unknown field is said, not guessed.
 */
export function exposureFlags(project: { name: string; sensitive: readonly SensitiveKind[] }, posture: readonly EffectiveField[], orgMaxRetentionDays: number | null): ExposureFlag[] {
  if (project.sensitive.length === 0) return [];
  const get = (f: PostureField) => posture.find((p) => p.field === f)!;
  // The same words for the same kinds, whichever screen or alert says them.
  const flags: ExposureFlag[] = [];
  const trains = get("trainsOnInputsByDefault");
  const what = sensitiveWords(project.sensitive);
  if (trains.value === true) flags.push({ kind: "may-train", text: `${project.name} sends ${what} to an offering that trains on inputs by default` });
  else if (trains.value === null) flags.push({ kind: "unknown-posture", text: `${project.name} sends ${what}; whether this offering trains on inputs is not confirmed` });
  const kept = get("retentionDays");
  if (orgMaxRetentionDays !== null && typeof kept.value === "number" && kept.value > orgMaxRetentionDays) {
    flags.push({ kind: "retention-over-limit", text: `${project.name} sends ${what} to an offering that keeps it ${kept.value} days, over your limit of ${orgMaxRetentionDays}` });
  } else if (orgMaxRetentionDays !== null && kept.value === null) {
    flags.push({ kind: "unknown-posture", text: `${project.name} sends ${what}; how long this offering keeps it is not confirmed (your limit: ${orgMaxRetentionDays} days)` });
  }
  return flags;
}

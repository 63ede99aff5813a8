import { dec, Decimal, type DecimalInput } from "@/lib/money";
import { exposureFlags, offeringForProvider, type EffectiveField, type ExposureFlag, type PostureValue, type SeedOffering, type SensitiveKind, sensitiveWords } from "@/lib/privacy/posture";

// Which vendor offering receives each project's data, how much (tokens, last 30 days), what that offering does
// with it (the org's effective posture) and why it needs attention. Pure: the store loads, this decides.

/** Tokens a project sent and received at one provider: input (cached and cache writes included) + output. */
export interface ProjectTokens {
  provider: string;
  projectId: string;
  projectName: string;
  inputTokens: DecimalInput;
  outputTokens: DecimalInput;
  cachedInputTokens: DecimalInput;
  cacheWriteTokens: DecimalInput;
}

/** A project as the org marked it (Project row): the provider is the usage provider it belongs to. */
export interface ProjectSensitivity { provider: string; projectId: string; name: string; sensitiveData: readonly SensitiveKind[] }

export interface OfferingPosture { vendor: string; offering: string; label: string; fields: EffectiveField[] }

export interface ExposureRow {
  provider: string;
  projectId: string;
  projectName: string;
  sensitiveData: SensitiveKind[];
  /** integer token count as a string (exact: sums can pass 2^53) */
  tokens30d: string;
  offering: { vendor: string; offering: string; label: string } | null;
  trainsOnInputsByDefault: PostureValue;
  retentionDays: PostureValue;
  flags: ExposureFlag[];
  /** posture fields of this offering a watched document's change asks to review (docs/privacy.md) */
  fieldsToReview: string[];
  /** a pre-filled scenario moving this project's workload to self-hosting, when a flag says the data is at risk */
  selfHostScenarioHref: string | null;
}

export function tokenTotal(t: Pick<ProjectTokens, "inputTokens" | "outputTokens" | "cachedInputTokens" | "cacheWriteTokens">): Decimal {
  return dec(t.inputTokens).plus(dec(t.outputTokens)).plus(dec(t.cachedInputTokens)).plus(dec(t.cacheWriteTokens));
}

/** "1234567" → "1,234,567": an exact count (BigInt, no float rounding). */
export function exactCount(integer: string): string {
  return BigInt(integer).toLocaleString("en-US");
}

const key = (provider: string, projectId: string) => `${provider.toLowerCase()}\u0000${projectId}`;

/** The scenario builder pre-filled with this project's measured workload and a self-hosted target (lib/scenarios/defaults.ts builderParams). */
export function selfHostScenarioHref(orgSlug: string, provider: string, projectId: string): string {
  return `/${orgSlug}/scenarios/new?${new URLSearchParams({ provider, projectId, target: "selfHost" }).toString()}`;
}

/**
 * One row per project and provider that sent data in the window or that the org marked sensitive, flagged
 * projects first, then by tokens. Projects are matched on (provider, project id); a project marked sensitive
 * that sent nothing in the window is listed with 0 tokens and no flag (nothing was sent).
 */
export function exposureView(input: {
  orgSlug: string;
  usage: readonly ProjectTokens[];
  projects: readonly ProjectSensitivity[];
  postures: readonly OfferingPosture[];
  offerings: readonly SeedOffering[];
  orgMaxRetentionDays: number | null;
}): ExposureRow[] {
  const rows = new Map<string, { provider: string; projectId: string; name: string; tokens: Decimal }>();
  for (const u of input.usage) {
    const k = key(u.provider, u.projectId);
    const r = rows.get(k) ?? { provider: u.provider.toLowerCase(), projectId: u.projectId, name: u.projectName, tokens: new Decimal(0) };
    r.tokens = r.tokens.plus(tokenTotal(u));
    rows.set(k, r);
  }
  const marked = new Map(input.projects.map((p) => [key(p.provider, p.projectId), p]));
  for (const p of input.projects) {
    if (p.sensitiveData.length && !rows.has(key(p.provider, p.projectId))) rows.set(key(p.provider, p.projectId), { provider: p.provider.toLowerCase(), projectId: p.projectId, name: p.name, tokens: new Decimal(0) });
  }
  const out: ExposureRow[] = [...rows.entries()].map(([k, r]) => {
    const sensitiveData = [...(marked.get(k)?.sensitiveData ?? [])];
    const seed = offeringForProvider(r.provider, input.offerings);
    const posture = seed ? input.postures.find((p) => p.vendor === seed.vendor && p.offering === seed.offering) : undefined;
    const field = (f: string) => posture?.fields.find((x) => x.field === f)?.value ?? null;
    const sent = r.tokens.gt(0);
    const flags: ExposureFlag[] = !sent
      ? []
      : posture
        ? exposureFlags({ name: r.name, sensitive: sensitiveData }, posture.fields, input.orgMaxRetentionDays)
        : sensitiveData.length
          ? [{ kind: "unknown-posture", text: `${r.name} sends ${sensitiveWords(sensitiveData)} to ${r.provider}, which has no posture record` }]
          : [];
    const atRisk = flags.some((f) => f.kind === "may-train" || f.kind === "retention-over-limit");
    return {
      provider: r.provider,
      projectId: r.projectId,
      projectName: r.name,
      sensitiveData,
      tokens30d: r.tokens.toFixed(0),
      offering: seed ? { vendor: seed.vendor, offering: seed.offering, label: seed.label } : null,
      trainsOnInputsByDefault: field("trainsOnInputsByDefault"),
      retentionDays: field("retentionDays"),
      flags,
      fieldsToReview: (posture?.fields ?? []).filter((f) => f.needsReview.length > 0).map((f) => f.label),
      selfHostScenarioHref: atRisk ? selfHostScenarioHref(input.orgSlug, r.provider, r.projectId) : null,
    };
  });
  const rank = (r: ExposureRow) => (r.selfHostScenarioHref ? 0 : r.flags.length ? 1 : 2);
  return out.sort((a, b) => rank(a) - rank(b) || new Decimal(b.tokens30d).comparedTo(a.tokens30d) || a.projectName.localeCompare(b.projectName));
}

/**
 * The projects that send data to a vendor's offerings, with their tokens in the window, most first: what a terms
 * alert about that vendor names. Vendor = the document's vendor id ("openai"); Azure OpenAI is Microsoft's
 * contract, not OpenAI's, so a change to OpenAI's terms does not name projects on Azure.
 */
export function projectsSendingToVendor(vendor: string, usage: readonly ProjectTokens[], offerings: readonly SeedOffering[]): { provider: string; projectId: string; name: string; tokens: string }[] {
  const v = vendor.toLowerCase();
  const acc = new Map<string, { provider: string; projectId: string; name: string; tokens: Decimal }>();
  for (const u of usage) {
    if (offeringForProvider(u.provider, offerings)?.vendor !== v) continue;
    const k = key(u.provider, u.projectId);
    const r = acc.get(k) ?? { provider: u.provider.toLowerCase(), projectId: u.projectId, name: u.projectName, tokens: new Decimal(0) };
    r.tokens = r.tokens.plus(tokenTotal(u));
    acc.set(k, r);
  }
  return [...acc.values()]
    .filter((r) => r.tokens.gt(0))
    .sort((a, b) => b.tokens.comparedTo(a.tokens) || a.name.localeCompare(b.name))
    .map((r) => ({ provider: r.provider, projectId: r.projectId, name: r.name, tokens: r.tokens.toFixed(0) }));
}

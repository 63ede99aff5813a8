import type { Decimal } from "@/lib/money";
import { diffCatalogs, type PriceChange } from "@/lib/pricing/diff";
import { FIELD_LABEL } from "@/lib/pricing/impact";
import { PRICE_FIELDS, TOKEN_CLASS_PRICE_FIELDS, type ModelPrice, type PriceField } from "@/lib/pricing/types";

// What one polled catalog version changes, decided before anything is written (pure; sync.ts stores the plan).
//  - A change is dated by the source where it says when: the entry's own date field, else the catalog
//    version's date (HTTP Last-Modified), else the poll that first saw it.
//  - The first poll of a source after install records what differs from the bundled snapshot as BASELINE:
//    history, never news.
//  - A single-step move of one field by SUSPECT_RATIO or more (either way, or to zero) is a suspect: catalogs
//    publish typos (a cache-read price 10× off, a per-character price typed into a per-token field) and fix
//    them days later. It is recorded UNCONFIRMED and kept out of the stored prices, so neither estimates,
//    impact nor alerts use it, until a later catalog version still carries it (CONFIRMED, applied from its
//    original date when nothing newer was written) or goes back (REVERTED: one correction, no alert).

export const SUSPECT_RATIO = 5;

export type ChangeStatus = "CONFIRMED" | "UNCONFIRMED" | "REVERTED" | "BASELINE";
export type ChangeDating = "SOURCE_ENTRY" | "SOURCE_VERSION" | "FIRST_SEEN";

/** A held suspect from an earlier poll of the same source. */
export interface PendingSuspect extends PriceChange {
  id: string;
  datedBy: ChangeDating;
}

export interface PlannedChange extends PriceChange {
  status: ChangeStatus;
  datedBy: ChangeDating;
  note: string | null;
}

export interface SuspectResolution {
  id: string;
  status: "CONFIRMED" | "REVERTED";
  note: string;
}

/** A model version to write; `effectiveFrom` may be earlier than the poll when a held suspect is confirmed. */
export interface PlannedVersion {
  price: ModelPrice;
  effectiveFrom: Date;
}

export interface CatalogPlan {
  versions: PlannedVersion[];
  /** new PriceChange rows (confirmed, baseline and newly held suspects) */
  changes: PlannedChange[];
  /** held suspects of earlier polls that this version confirms or reverts; their confirmed values are in `versions` */
  resolutions: (SuspectResolution & { suspect: PendingSuspect })[];
  addedModels: number;
}

export interface PlanInput {
  /** the prices stored as in effect for this source (never containing a held suspect value) */
  previous: readonly ModelPrice[];
  /** the date of the latest stored version per model key, to know whether a confirmed suspect can keep its date */
  latestVersionAt: ReadonlyMap<string, Date>;
  pending: readonly PendingSuspect[];
  next: readonly ModelPrice[];
  /** when the catalog version is dated (Last-Modified), else the poll time */
  versionDate: Date;
  versionDatedBy: "SOURCE_VERSION" | "FIRST_SEEN";
  /** when the poll ran: the date of last resort */
  pollDate: Date;
  /** first poll of this source after install: what moved is history */
  baseline: boolean;
}

export const modelKey = (m: { provider: string; model: string }) => `${m.provider}\u0000${m.model}`;

const same = (a: Decimal | null, b: Decimal | null) => (a === null || b === null ? a === b : a.equals(b));

/** A single step this large on one field is held for confirmation: ×5 or more, ÷5 or more, or a price dropping to zero. */
export function suspectReason(field: PriceField, oldValue: Decimal | null, newValue: Decimal | null): string | null {
  if (oldValue === null || newValue === null || oldValue.isZero()) return null; // a price appearing or disappearing is not a magnitude jump
  const label = FIELD_LABEL[field];
  if (newValue.isZero()) return `the ${label} dropped from ${oldValue.toFixed()} to 0 in one step`;
  const ratio = newValue.div(oldValue);
  if (ratio.gte(SUSPECT_RATIO)) return `the ${label} moved ×${ratio.toDecimalPlaces(2).toFixed()} in one step`;
  if (ratio.lte(1 / SUSPECT_RATIO)) return `the ${label} moved ÷${oldValue.div(newValue).toDecimalPlaces(2).toFixed()} in one step`;
  return null;
}

/**
 * A catalog entry whose prices are now stated in other units ("token" → "character,token"): every price of it
 * that moved in the same step is suspect, however small the move — a per-character price typed into a
 * per-token field is only about a quarter of it, under SUSPECT_RATIO. Unknown units on either side: no claim.
 */
export function unitChangeReason(was: Pick<ModelPrice, "priceUnits">, next: Pick<ModelPrice, "priceUnits">): string | null {
  if (!was.priceUnits || !next.priceUnits || was.priceUnits === next.priceUnits) return null;
  const words = (u: string) => u.split(",").map((x) => `per ${x}`).join(" and ");
  return `the catalog now states this entry's prices ${words(next.priceUnits)} (was ${words(was.priceUnits)})`;
}

/** Whether a model's entry carries its own date (an `effective`/`updated` field) to date its changes by. */
function entryDate(m: ModelPrice): Date | null {
  return m.effectiveDate ? new Date(`${m.effectiveDate}T00:00:00Z`) : null;
}

export function planCatalogVersion(input: PlanInput): CatalogPlan {
  const before = new Map(input.previous.map((m) => [modelKey(m), m]));
  const pendingByKey = new Map<string, PendingSuspect[]>();
  for (const s of input.pending) pendingByKey.set(modelKey(s), [...(pendingByKey.get(modelKey(s)) ?? []), s]);

  const diff = diffCatalogs(input.previous, input.next, input.versionDate);
  const changesByModel = new Map<string, PriceChange[]>();
  for (const c of diff.changes) changesByModel.set(modelKey(c), [...(changesByModel.get(modelKey(c)) ?? []), c]);

  const versions: PlannedVersion[] = [];
  const changes: PlannedChange[] = [];
  const resolutions: CatalogPlan["resolutions"] = [];

  for (const next of input.next) {
    const key = modelKey(next);
    const was = before.get(key);
    if (!was) {
      versions.push({ price: next, effectiveFrom: entryDate(next) ?? input.versionDate });
      continue;
    }
    // A source date no later than the version we already hold cannot order the chain: date it by this poll.
    const sourceDate = entryDate(next) ?? input.versionDate;
    const held = input.latestVersionAt.get(key);
    const usable = !held || sourceDate.getTime() > held.getTime();
    const effectiveFrom = usable ? sourceDate : input.pollDate;
    const datedBy: ChangeDating = !usable ? "FIRST_SEEN" : entryDate(next) ? "SOURCE_ENTRY" : input.versionDatedBy;
    const written: ModelPrice = { ...next };
    let applied = false;
    const unitsMoved = unitChangeReason(was, next);
    const confirmedAt: number[] = [];

    for (const suspect of pendingByKey.get(key) ?? []) {
      const now = next[suspect.field];
      if (same(now, suspect.newValue)) {
        resolutions.push({ id: suspect.id, suspect, status: "CONFIRMED", note: `confirmed: a later catalog version still lists ${describe(suspect.newValue)}` });
        applied = true;
        confirmedAt.push(suspect.effectiveFrom.getTime());
      } else {
        const undone = same(now, suspect.oldValue);
        resolutions.push({ id: suspect.id, suspect, status: "REVERTED", note: undone ? `corrected: the next catalog version went back to ${describe(suspect.oldValue)}` : `superseded: the next catalog version lists ${describe(now)} instead` });
      }
    }

    for (const c of changesByModel.get(key) ?? []) {
      const heldAgain = (pendingByKey.get(key) ?? []).some((s) => s.field === c.field && same(c.newValue, s.newValue));
      if (heldAgain) continue; // the confirmation above covers it
      const reason = input.baseline ? null : (unitsMoved ?? suspectReason(c.field, c.oldValue, c.newValue));
      if (reason) {
        changes.push({ ...c, effectiveFrom, datedBy, status: "UNCONFIRMED", note: `held: ${reason}; not used until a later catalog version confirms it` });
        (written as unknown as Record<PriceField, Decimal | null>)[c.field] = was[c.field]; // keep the stored price
        continue;
      }
      changes.push({ ...c, effectiveFrom, datedBy, status: input.baseline ? "BASELINE" : "CONFIRMED", note: input.baseline ? "found by the first poll after install: history, not news" : null });
      applied = true;
    }
    // A token-class rate (audio, 1-hour cache write) that appeared or moved is carried by a new version, without
    // a PriceChange: those rates are not alerted on (types.ts), but usage must be priced by them from now on.
    if (!applied && classRatesMoved(was, next)) applied = true;
    // Units that changed with no price moving are carried too, so a later genuine move is judged against them.
    if (!applied && unitsMoved && !changes.some((c) => modelKey(c) === key)) applied = true;
    if (!applied) continue;
    // A confirmed suspect applies from the date the catalog published it, unless a newer version exists.
    const latest = input.latestVersionAt.get(key)?.getTime() ?? -Infinity;
    const confirmedFrom = confirmedAt.length ? Math.min(...confirmedAt) : null;
    const onlyConfirmations = !changes.some((c) => modelKey(c) === key && c.status !== "UNCONFIRMED");
    const from = confirmedFrom !== null && onlyConfirmations && latest < confirmedFrom ? new Date(confirmedFrom) : effectiveFrom;
    versions.push({ price: written, effectiveFrom: from });
  }
  return { versions, changes, resolutions, addedModels: diff.added.length };
}

function describe(v: Decimal | null): string {
  return v === null ? "no price" : `${v.toFixed()} per 1M`;
}

function classRatesMoved(a: ModelPrice, b: ModelPrice): boolean {
  return TOKEN_CLASS_PRICE_FIELDS.some((f) => !same(a[f] ?? null, b[f] ?? null));
}

/** The fields of a model that differ between two prices (used by tests and the history view). */
export function movedFields(a: ModelPrice, b: ModelPrice): PriceField[] {
  return PRICE_FIELDS.filter((f) => !same(a[f], b[f]));
}

import { z } from "zod";
import { db, Prisma } from "@/lib/db";
import type { OrgContext } from "@/lib/auth/tenancy";
import { AppError, parseOrThrow } from "@/lib/errors";
import { dec, Decimal, toCents } from "@/lib/money";
import { isoDaySchema } from "@/lib/spend/forecast";
import { addDays, isoDay } from "@/lib/spend/filters";
import { countedBucket } from "@/lib/spend/sql";
import { commitmentBurnDown, type BurnDown } from "./burn-down";

// Prepaid credits and spend commitments per provider, entered by finance: validate, write (audited), and load
// each with its burn-down over the provider's counted spend (the source-of-truth rule of docs/spend.md).
// Not read from providers: neither billing API the connections use (OpenAI Costs/Usage, Anthropic cost and
// usage reports) reports a credit balance or a commitment.

export const COMMITMENT_KINDS = ["PREPAID_CREDIT", "COMMITTED_SPEND"] as const;
export const COMMITMENT_KIND_LABEL: Record<(typeof COMMITMENT_KINDS)[number], string> = { PREPAID_CREDIT: "Prepaid credit", COMMITTED_SPEND: "Committed spend" };

export const commitmentInputSchema = z
  .strictObject({
    provider: z.string().trim().toLowerCase().min(1, "is required").max(100),
    kind: z.enum(COMMITMENT_KINDS, { message: "must be PREPAID_CREDIT or COMMITTED_SPEND" }),
    name: z.string().trim().min(1, "is required").max(200),
    /** USD for the whole term, at most 2 decimals */
    amount: z.string().trim().regex(/^\d{1,15}(\.\d{1,2})?$/, "must be an amount like 50000 or 50000.50 (no more than 2 decimals)"),
    startsOn: isoDaySchema,
    endsOn: isoDaySchema.nullable().default(null),
    note: z.string().max(2000).default(""),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn && v.endsOn < v.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "must not be before startsOn" });
    if (new Decimal(v.amount).lte(0)) ctx.addIssue({ code: "custom", path: ["amount"], message: "must be more than 0" });
  });
export type CommitmentInput = z.input<typeof commitmentInputSchema>;

type Ctx = Pick<OrgContext, "orgId" | "userId" | "clientIp">;
const day = (s: string) => new Date(`${s}T00:00:00Z`);

function rowData(v: z.output<typeof commitmentInputSchema>) {
  return { provider: v.provider, kind: v.kind, name: v.name, amount: new Prisma.Decimal(v.amount), startsOn: day(v.startsOn), endsOn: v.endsOn ? day(v.endsOn) : null, note: v.note };
}
async function audit(tx: Prisma.TransactionClient, ctx: Ctx, action: string, id: string, data: unknown) {
  await tx.auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action, targetType: "ProviderCommitment", targetId: id, data: data as Prisma.InputJsonValue } });
}

export async function createCommitment(ctx: Ctx, input: unknown): Promise<{ id: string }> {
  const v = parseOrThrow(commitmentInputSchema, input, "commitment");
  return db().$transaction(async (tx) => {
    const row = await tx.providerCommitment.create({ data: { ...rowData(v), orgId: ctx.orgId, createdById: ctx.userId } });
    await audit(tx, ctx, "commitment.created", row.id, v);
    return { id: row.id };
  });
}

export async function updateCommitment(ctx: Ctx, id: string, input: unknown): Promise<{ id: string }> {
  const v = parseOrThrow(commitmentInputSchema, input, "commitment");
  return db().$transaction(async (tx) => {
    const { count } = await tx.providerCommitment.updateMany({ where: { id, orgId: ctx.orgId }, data: rowData(v) });
    if (count === 0) throw new AppError("NOT_FOUND", "Not found");
    await audit(tx, ctx, "commitment.updated", id, v);
    return { id };
  });
}

export async function deleteCommitment(ctx: Ctx, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.providerCommitment.deleteMany({ where: { id, orgId: ctx.orgId } });
    if (count === 0) throw new AppError("NOT_FOUND", "Not found");
    await audit(tx, ctx, "commitment.deleted", id, null);
  });
}

export interface CommitmentWithBurnDown {
  id: string;
  provider: string;
  kind: (typeof COMMITMENT_KINDS)[number];
  name: string;
  amount: Decimal;
  startsOn: string;
  endsOn: string | null;
  note: string;
  burnDown: BurnDown;
}

/** Every commitment of the org with its burn-down at `now` (spend counted through yesterday, UTC). */
export async function loadCommitments(orgId: string, now: Date): Promise<CommitmentWithBurnDown[]> {
  const rows = await db().providerCommitment.findMany({ where: { orgId }, orderBy: [{ provider: "asc" }, { startsOn: "asc" }] });
  if (rows.length === 0) return [];
  const today = isoDay(now);
  const from = rows.map((r) => isoDay(r.startsOn)).sort()[0]!;
  const daily = await db().$queryRaw<{ provider: string; day: string; amount: Prisma.Decimal }[]>`
    SELECT cb.provider, to_char(cb."day", 'YYYY-MM-DD') AS day, SUM(cb.amount) AS amount FROM "CostBucket" cb
    WHERE cb."orgId" = ${orgId} AND cb.provider IN (${Prisma.join([...new Set(rows.map((r) => r.provider))])})
      AND cb."day" >= ${from}::date AND cb."day" <= ${addDays(today, -1)}::date AND ${countedBucket()}
    GROUP BY 1, 2`;
  return rows.map((r) => {
    const startsOn = isoDay(r.startsOn);
    const endsOn = r.endsOn ? isoDay(r.endsOn) : null;
    const amount = dec(r.amount);
    const spend = daily.filter((d) => d.provider === r.provider && d.day >= startsOn).map((d) => ({ date: d.day, amount: dec(d.amount) }));
    return { id: r.id, provider: r.provider, kind: r.kind, name: r.name, amount, startsOn, endsOn, note: r.note, burnDown: commitmentBurnDown({ amount, startsOn, endsOn, today, daily: spend }) };
  });
}

/** The page's DTO: money as cent strings, the burn-down as chart rows. */
export function commitmentDto(c: CommitmentWithBurnDown) {
  const b = c.burnDown;
  return {
    id: c.id,
    provider: c.provider,
    kind: c.kind,
    kindLabel: COMMITMENT_KIND_LABEL[c.kind],
    name: c.name,
    amount: toCents(c.amount),
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    note: c.note,
    consumed: toCents(b.consumed),
    remaining: toCents(b.remaining),
    dailyRate: b.dailyRate ? toCents(b.dailyRate) : null,
    rateDays: b.rateDays,
    status: b.status,
    exhaustedOn: b.exhaustedOn,
    runOutDate: b.runOutDate,
    daysLeft: b.daysLeft,
    unusedAtEnd: b.unusedAtEnd ? toCents(b.unusedAtEnd) : null,
    sentence: burnDownSentence(c),
    chart: b.series.map((p) => ({ date: p.date, remaining: Number(toCents(p.remaining)) })), // chart only: the figures are the strings above
  };
}
export type CommitmentDto = ReturnType<typeof commitmentDto>;

/** What the burn-down means, in one sentence. */
export function burnDownSentence(c: CommitmentWithBurnDown): string {
  const b = c.burnDown;
  const usd = (v: Decimal) => `$${toCents(v).replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`;
  const what = c.kind === "PREPAID_CREDIT" ? "credit" : "commitment";
  switch (b.status) {
    case "not-started":
      return `Starts on ${c.startsOn}.`;
    case "exhausted":
      return `Used up on ${b.exhaustedOn}: spend since then is ${usd(b.remaining.neg())} past it.`;
    case "ended":
      return `The term ended on ${c.endsOn} with ${usd(b.unusedAtEnd ?? new Decimal(0))} ${c.kind === "PREPAID_CREDIT" ? "of credit unused" : "of the commitment not spent"}.`;
    case "active": {
      const rate = b.dailyRate ? `${usd(b.dailyRate)} a day (mean of the last ${b.rateDays} days)` : "no spend yet";
      if (b.runOutDate) return `${usd(b.remaining)} left; at ${rate} the ${what} runs out on ${b.runOutDate} (${b.daysLeft === 0 ? "today" : `in ${b.daysLeft} days`}).`;
      if (c.endsOn && b.unusedAtEnd?.gt(0)) return `${usd(b.remaining)} left; at ${rate} ${usd(b.unusedAtEnd)} ${c.kind === "PREPAID_CREDIT" ? "will expire unused" : "of the commitment will not be spent"} by ${c.endsOn}.`;
      return `${usd(b.remaining)} left; at ${rate} it does not run out.`;
    }
  }
}

import type { PrismaClient } from "@/lib/generated/prisma/client";
import { Decimal, sum } from "@/lib/money";
import type { DemoDay } from "@/lib/demo/generate";

// The demo org's prepaid credit and commitment, sized from its own generated spend so the page always has a
// story: an OpenAI credit bought on the 1st of last month that runs out in about three weeks at the current
// rate (so the CREDITS_RUNOUT rule, 30 days ahead, fires), and an Anthropic annual commitment on track to be
// under-used.
export async function seedDemoCommitments(prisma: PrismaClient, orgId: string, days: readonly DemoDay[], now: Date): Promise<void> {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const today = iso(now);
  const spendOf = (provider: string, from: string) => sum(days.filter((d) => d.provider === provider && d.day >= from && d.day < today).map((d) => d.inputCost.plus(d.outputCost)));
  const creditStart = iso(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)));
  const last28 = iso(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 28)));
  const openaiRate = spendOf("openai", last28 > creditStart ? last28 : creditStart).div(28);
  const credit = spendOf("openai", creditStart).plus(openaiRate.times(21)).div(1000).ceil().times(1000); // ~3 weeks left, in whole $1,000s
  const yearStart = `${now.getUTCFullYear()}-01-01`;
  const commitment = spendOf("anthropic", yearStart).times(1.6).div(1000).ceil().times(1000);
  await prisma.providerCommitment.createMany({
    data: [
      { orgId, provider: "openai", kind: "PREPAID_CREDIT", name: "Prepaid credits", amount: credit.toFixed(2), startsOn: new Date(`${creditStart}T00:00:00Z`), note: "demo: bought on the 1st of last month" },
      ...(new Decimal(commitment).gt(0) ? [{ orgId, provider: "anthropic", kind: "COMMITTED_SPEND" as const, name: `${now.getUTCFullYear()} commit`, amount: commitment.toFixed(2), startsOn: new Date(`${yearStart}T00:00:00Z`), endsOn: new Date(`${now.getUTCFullYear()}-12-31T00:00:00Z`), note: "demo: annual commitment" }] : []),
    ],
  });
}

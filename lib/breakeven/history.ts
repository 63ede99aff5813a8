import { z } from "zod";
import { Decimal } from "@/lib/money";
import { parseOrThrow } from "@/lib/errors";
import { apiPriceSchema, selfHostOptionSchema, tokensByKindSchema, totalTokens, type TokensByKindInput, type ApiPriceInput, type SelfHostOptionInput } from "./inputs";
import { apiMonthlyCost } from "./apiCost";
import { selfHostMonthlyCost } from "./selfHostCost";

// Month by month, would self-hosting have been cheaper for the volume actually measured? Each
// month is priced on its own: API cost at that month's tokens (and mix), self-host cost at the
// GPUs that month's volume needs. A tie counts for self-hosting, as in the break-even volume
// (self-host ≤ API). Months without usage are not judged: nothing was there to move.

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
export const monthName = (month: string) => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

const historyInputSchema = z.strictObject({
  months: z.array(z.strictObject({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM"), tokens: tokensByKindSchema })),
  apiPrice: apiPriceSchema,
  selfHost: selfHostOptionSchema,
});

export interface MonthComparison {
  month: string; // YYYY-MM
  totalTokens: Decimal;
  apiCost: Decimal; // USD that month at the API price
  selfHostCost: Decimal; // USD that month self-hosted (amortised capex + running)
  gpus: number;
  selfHostCheaper: boolean;
}

export interface CheaperHistory {
  months: MonthComparison[];
  /** Which option was cheaper in the latest month with usage; null without usage. */
  cheaperNow: "self-host" | "api" | null;
  /** First month of the unbroken run, up to the latest month with usage, in which `cheaperNow` was cheaper. */
  since: string | null;
  /** True when that run covers every month with usage. */
  always: boolean;
  sentence: string;
}

export function cheaperHistory(input: { months: { month: string; tokens: TokensByKindInput }[]; apiPrice: ApiPriceInput; selfHost: SelfHostOptionInput }): CheaperHistory {
  const v = parseOrThrow(historyInputSchema, input, "history");
  const months = [...v.months]
    .sort((a, b) => a.month.localeCompare(b.month))
    .filter((m) => totalTokens(m.tokens).gt(0))
    .map((m): MonthComparison => {
      const volume = totalTokens(m.tokens);
      const apiCost = apiMonthlyCost(m.tokens, v.apiPrice);
      const selfHost = selfHostMonthlyCost(v.selfHost, volume);
      return { month: m.month, totalTokens: volume, apiCost, selfHostCost: selfHost.total, gpus: selfHost.gpus, selfHostCheaper: selfHost.total.lte(apiCost) };
    });
  const last = months.at(-1);
  if (!last) return { months, cheaperNow: null, since: null, always: false, sentence: "No measured usage to compare." };
  let start = months.length - 1;
  while (start > 0 && months[start - 1]!.selfHostCheaper === last.selfHostCheaper) start--;
  const since = months[start]!.month;
  const always = start === 0;
  const who = last.selfHostCheaper ? "Self-hosting" : "The API";
  const sentence = always
    ? `${who} would have been cheaper in every month measured (since ${monthName(since)}).`
    : `${who} has been cheaper since ${monthName(since)}.`;
  return { months, cheaperNow: last.selfHostCheaper ? "self-host" : "api", since, always, sentence };
}

import { db } from "@/lib/db";

// Every amount is stored and totalled in the organisation's billing currency. An amount in another
// currency is refused where it enters (CSV line, push record, provider sync) rather than added to
// the totals, the monthly roll-up and the alerts as if it were the same money: there is no
// conversion table, so no sum across currencies can be right.

/** The refusal, naming both currencies and what to do. */
export function notBillingCurrency(currency: string, billingCurrency: string): string {
  return `"${currency.toUpperCase()}" is not this organisation's billing currency (${billingCurrency.toUpperCase()}): amounts are totalled in ${billingCurrency.toUpperCase()} only, so convert the amount to ${billingCurrency.toUpperCase()} before importing it`;
}

/** The organisation's billing currency (lower case): every amount stored must be in it. */
export async function billingCurrencyOf(orgId: string): Promise<string> {
  return (await db().organization.findUniqueOrThrow({ where: { id: orgId }, select: { currency: true } })).currency.toLowerCase();
}

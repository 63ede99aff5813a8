import { lastFour, sealSecret } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { dec } from "@/lib/money";

/** A provider connection row as createConnection stores it (key sealed), without scheduling any job. */
export async function insertConnection(orgId: string, opts: { provider: "openai" | "anthropic"; baseUrl: string; apiKey?: string; name?: string }) {
  const apiKey = opts.apiKey ?? `sk-admin-test-${Math.random().toString(36).slice(2)}-0000`;
  const sealed = sealSecret(apiKey);
  return db().providerConnection.create({
    data: {
      orgId,
      provider: opts.provider === "openai" ? "OPENAI" : "ANTHROPIC",
      name: opts.name ?? `${opts.provider} ${Math.random().toString(36).slice(2, 8)}`,
      encryptedCredentials: sealed.ciphertext,
      credentialsKeyId: sealed.keyId,
      credentialsLast4: lastFour(apiKey),
      baseUrl: opts.baseUrl,
    },
  });
}

/** Σ amount of an org's cost buckets matching `where`, as an exact decimal string ("0" when none). */
export async function costTotal(where: { orgId: string; sourceKey?: string; day?: Date; projectId?: string; model?: string; estimated?: boolean; provider?: string }): Promise<string> {
  const agg = await db().costBucket.aggregate({ where, _sum: { amount: true } });
  return dec(agg._sum.amount?.toString() ?? 0).toString();
}

export const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Standard Webhooks (standardwebhooks.com) signing: the receiver gets webhook-id, webhook-timestamp (Unix
// seconds) and webhook-signature = "v1," + base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>")), where the key
// is the base64 part of the "whsec_…" secret. Three lines of node:crypto, so no dependency; the test checks
// them against the example vector published in the Standard Webhooks repository.

export const SECRET_PREFIX = "whsec_";

/** 24 random bytes, the size Standard Webhooks' own libraries generate. */
export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString("base64")}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
}

export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  return `v1,${createHmac("sha256", keyOf(secret)).update(`${id}.${timestampSeconds}.${body}`).digest("base64")}`;
}

export function webhookHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signWebhook(secret, id, timestamp, body) };
}

/** A receiver's check (used by docs examples and tests): any listed v1 signature matching, compared in constant time. */
export function verifyWebhook(secret: string, headers: { id: string; timestamp: string; signature: string }, body: string): boolean {
  const expected = Buffer.from(signWebhook(secret, headers.id, Number(headers.timestamp), body));
  return headers.signature.split(" ").some((s) => {
    const given = Buffer.from(s);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

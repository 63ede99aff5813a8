import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

// Provider credentials at rest: AES-256-GCM with a 96-bit random IV. The key id is stored beside
// the ciphertext so keys can rotate: ENCRYPTION_KEYS lists the current key first, older after.

export interface KeyRing { currentKeyId: string; keys: Map<string, Buffer> }

export interface Sealed { ciphertext: string; keyId: string }

export function sealSecret(plaintext: string, ring: KeyRing = env().ENCRYPTION_KEYS): Sealed {
  const key = ring.keys.get(ring.currentKeyId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64"), keyId: ring.currentKeyId };
}

export function openSecret(sealed: Sealed, ring: KeyRing = env().ENCRYPTION_KEYS): string {
  const key = ring.keys.get(sealed.keyId);
  if (!key) throw new Error(`Encryption key "${sealed.keyId}" is not in ENCRYPTION_KEYS; add it back to decrypt this credential`);
  const raw = Buffer.from(sealed.ciphertext, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

/** What the browser may see of a secret: its last four characters. */
export function lastFour(secret: string): string {
  return secret.slice(-4);
}

import { describe, expect, it } from "vitest";
import { lastFour, openSecret, sealSecret, type KeyRing } from "@/lib/crypto/secrets";

const k1 = Buffer.alloc(32, 1), k2 = Buffer.alloc(32, 2);
const ringV1: KeyRing = { currentKeyId: "k1", keys: new Map([["k1", k1]]) };
const ringV2: KeyRing = { currentKeyId: "k2", keys: new Map([["k2", k2], ["k1", k1]]) };

describe("credential encryption (AES-256-GCM)", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = sealSecret("sk-admin-1234567890abcd", ringV1);
    expect(sealed.keyId).toBe("k1");
    expect(Buffer.from(sealed.ciphertext, "base64").toString("utf8")).not.toContain("sk-admin");
    expect(openSecret(sealed, ringV1)).toBe("sk-admin-1234567890abcd");
  });
  it("uses a fresh IV each time", () => {
    expect(sealSecret("same", ringV1).ciphertext).not.toBe(sealSecret("same", ringV1).ciphertext);
  });
  it("decrypts old ciphertext after rotation, encrypts new with the new key", () => {
    const old = sealSecret("old-key-secret", ringV1);
    expect(openSecret(old, ringV2)).toBe("old-key-secret");
    expect(sealSecret("new", ringV2).keyId).toBe("k2");
  });
  it("detects tampering and a missing key", () => {
    const sealed = sealSecret("secret", ringV1);
    const raw = Buffer.from(sealed.ciphertext, "base64");
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    expect(() => openSecret({ ...sealed, ciphertext: raw.toString("base64") }, ringV1)).toThrow();
    expect(() => openSecret(sealed, { currentKeyId: "k2", keys: new Map([["k2", k2]]) })).toThrow(/"k1" is not in ENCRYPTION_KEYS/);
  });
  it("shows only the last four characters", () => {
    expect(lastFour("sk-ant-admin01-abcdWXYZ")).toBe("WXYZ");
  });
});

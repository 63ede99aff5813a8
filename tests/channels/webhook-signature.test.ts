import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newSigningSecret, signWebhook, verifyWebhook, webhookHeaders } from "@/lib/channels/webhook-signature";

// The Standard Webhooks example vector, published in the specification's repository (and reproduced by
// every reference library): secret, id, timestamp and body → this exact signature.
const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

describe("Standard Webhooks signing", () => {
  it("reproduces the published test vector", () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it("puts id, Unix-second timestamp and signature in the three headers", () => {
    const h = webhookHeaders(VECTOR.secret, VECTOR.id, new Date(VECTOR.timestamp * 1000 + 999), VECTOR.body);
    expect(h).toEqual({ "webhook-id": VECTOR.id, "webhook-timestamp": "1614265330", "webhook-signature": VECTOR.signature });
  });

  it("verifies its own signature, refuses a changed body or another secret, and accepts one of several signatures", () => {
    const headers = { id: VECTOR.id, timestamp: String(VECTOR.timestamp), signature: VECTOR.signature };
    expect(verifyWebhook(VECTOR.secret, headers, VECTOR.body)).toBe(true);
    expect(verifyWebhook(VECTOR.secret, headers, '{"test": 2432232315}')).toBe(false);
    expect(verifyWebhook(newSigningSecret(), headers, VECTOR.body)).toBe(false);
    expect(verifyWebhook(VECTOR.secret, { ...headers, signature: `v1,bm9wZQ== ${VECTOR.signature}` }, VECTOR.body)).toBe(true);
  });

  it("generates whsec_ secrets of 24 random bytes whose key is the base64 part", () => {
    const s = newSigningSecret();
    expect(s).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(s.slice(6), "base64")).toHaveLength(24);
    const expected = `v1,${createHmac("sha256", Buffer.from(s.slice(6), "base64")).update("a.1.{}").digest("base64")}`;
    expect(signWebhook(s, "a", 1, "{}")).toBe(expected);
    expect(newSigningSecret()).not.toBe(s);
  });
});

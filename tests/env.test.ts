import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "@/lib/env";

const KEY = `k1:${Buffer.alloc(32, 1).toString("base64")}`;
const good = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x", NEXTAUTH_SECRET: "s".repeat(32), ENCRYPTION_KEYS: KEY };

function errorOf(source: Record<string, string | undefined>): EnvError {
  try {
    loadEnv(source);
  } catch (e) {
    if (e instanceof EnvError) return e;
    throw e;
  }
  throw new Error("expected loadEnv to throw");
}

describe("env module", () => {
  it("accepts a complete environment and fills defaults", () => {
    const env = loadEnv(good);
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(env.ENCRYPTION_KEYS.currentKeyId).toBe("k1");
    expect(env.FETCH_ALLOW_LIST).toEqual([]);
    expect(env.WORKER_CONCURRENCY).toBe(4);
  });

  it("names a missing variable", () => {
    const e = errorOf({ ...good, DATABASE_URL: undefined });
    expect(e.variables).toEqual(["DATABASE_URL"]);
    expect(e.message).toContain("DATABASE_URL: is required but not set");
  });

  it("names a malformed variable and says what is expected", () => {
    const e = errorOf({ ...good, DATABASE_URL: "mysql://nope" });
    expect(e.variables).toEqual(["DATABASE_URL"]);
    expect(e.message).toMatch(/DATABASE_URL: must be a URL starting with postgres:\/\/ or postgresql:\/\//);
    expect(errorOf({ ...good, ENCRYPTION_KEYS: "k1:short" }).message).toContain("ENCRYPTION_KEYS");
    expect(errorOf({ ...good, WORKER_CONCURRENCY: "two" }).variables).toEqual(["WORKER_CONCURRENCY"]);
    expect(errorOf({ ...good, NEXTAUTH_SECRET: "short" }).message).toContain("NEXTAUTH_SECRET: must be at least 32 characters");
  });

  it("reports every bad variable at once", () => {
    const e = errorOf({ ENCRYPTION_KEYS: KEY, REDIS_URL: "http://x" });
    expect(e.variables.sort()).toEqual(["DATABASE_URL", "NEXTAUTH_SECRET", "REDIS_URL"]);
  });

  it("keeps rotated keys: the first encrypts, all decrypt", () => {
    const env = loadEnv({ ...good, ENCRYPTION_KEYS: `k2:${Buffer.alloc(32, 2).toString("base64")},${KEY}` });
    expect(env.ENCRYPTION_KEYS.currentKeyId).toBe("k2");
    expect([...env.ENCRYPTION_KEYS.keys.keys()]).toEqual(["k2", "k1"]);
  });
});

describe("env: watch and alert jobs", () => {
  it("polls LiteLLM and OpenRouter by default, on cron schedules", () => {
    const env = loadEnv(good);
    expect(env.PRICE_CATALOG_URLS.map((s) => s.format)).toEqual(["litellm", "openrouter"]);
    expect(env.PRICE_CATALOG_URLS[1]!.url).toBe("https://openrouter.ai/api/v1/models");
    expect([env.PRICE_POLL_CRON, env.DOCUMENT_POLL_CRON, env.ALERT_EVALUATE_CRON, env.ALERT_DIGEST_CRON]).toEqual(["17 */6 * * *", "43 */6 * * *", "*/15 * * * *", "0 7 * * *"]);
  });

  it("takes its own catalog URLs, or none", () => {
    expect(loadEnv({ ...good, PRICE_CATALOG_URLS: "litellm=https://mirror.corp.example/prices.json" }).PRICE_CATALOG_URLS).toEqual([{ format: "litellm", url: "https://mirror.corp.example/prices.json" }]);
    expect(loadEnv({ ...good, PRICE_CATALOG_URLS: "none" }).PRICE_CATALOG_URLS).toEqual([]);
  });

  it("names a malformed catalog list or schedule", () => {
    const e = errorOf({ ...good, PRICE_CATALOG_URLS: "prices=https://x.example" });
    expect(e.variables).toEqual(["PRICE_CATALOG_URLS"]);
    expect(e.message).toContain('"prices=https://x.example": each entry must be "litellm=<http(s) URL>"');
    expect(errorOf({ ...good, PRICE_CATALOG_URLS: "litellm=ftp://x" }).variables).toEqual(["PRICE_CATALOG_URLS"]);
    expect(errorOf({ ...good, ALERT_EVALUATE_CRON: "every 15 minutes please" }).message).toContain("ALERT_EVALUATE_CRON: must be a cron pattern of five fields");
  });
});

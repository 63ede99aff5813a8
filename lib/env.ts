import { z } from "zod";

// The one place configuration is read. Every variable is validated here; a missing or malformed
// one stops start-up with an error that names it. Documented in .env.example.

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`);

// "k1:<base64 of 32 bytes>,k0:<...>" — the first key encrypts, all keys decrypt (rotation).
const encryptionKeys = z.string().transform((v, ctx) => {
  const keys = new Map<string, Buffer>();
  for (const part of v.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [id, b64] = part.split(":");
    const key = b64 ? Buffer.from(b64, "base64") : Buffer.alloc(0);
    if (!id || !/^[A-Za-z0-9_-]+$/.test(id) || key.length !== 32) {
      ctx.addIssue({ code: "custom", message: 'each entry must be "<keyId>:<base64 of 32 random bytes>" (openssl rand -base64 32)' });
      return z.NEVER;
    }
    keys.set(id, key);
  }
  if (keys.size === 0) {
    ctx.addIssue({ code: "custom", message: "at least one key is required" });
    return z.NEVER;
  }
  return { currentKeyId: [...keys.keys()][0]!, keys };
});

const csv = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : []));

// "litellm=https://…,openrouter=https://…"; the defaults are the two public sources.
const PRICE_CATALOG_FORMATS = ["litellm", "openrouter"] as const;
const DEFAULT_PRICE_CATALOG_URLS =
  "litellm=https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json,openrouter=https://openrouter.ai/api/v1/models";
const priceCatalogUrls = z
  .string()
  .default(DEFAULT_PRICE_CATALOG_URLS)
  .transform((v, ctx) => {
    if (v.trim().toLowerCase() === "none") return [];
    const sources: { format: (typeof PRICE_CATALOG_FORMATS)[number]; url: string }[] = [];
    for (const part of v.split(",").map((s) => s.trim()).filter(Boolean)) {
      const eq = part.indexOf("=");
      const format = part.slice(0, eq) as (typeof PRICE_CATALOG_FORMATS)[number];
      const target = part.slice(eq + 1);
      if (eq <= 0 || !PRICE_CATALOG_FORMATS.includes(format) || !url(["http:", "https:"]).safeParse(target).success) {
        ctx.addIssue({ code: "custom", message: `"${part}": each entry must be "litellm=<http(s) URL>" or "openrouter=<http(s) URL>", or the whole value "none"` });
        return z.NEVER;
      }
      sources.push({ format, url: target });
    }
    return sources;
  });

const cron = z.string().regex(/^\S+(\s+\S+){4}$/, "must be a cron pattern of five fields, e.g. */15 * * * *");

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: url(["postgres:", "postgresql:"]),
  REDIS_URL: url(["redis:", "rediss:"]).default("redis://127.0.0.1:6379"),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)"),
  APP_URL: url(["http:", "https:"]).default("http://localhost:3000"),
  ENCRYPTION_KEYS: encryptionKeys,
  SMTP_URL: url(["smtp:", "smtps:"]).optional(),
  EMAIL_FROM: z.string().default("Breakeven <alerts@breakeven.local>"),
  // IPs/CIDRs (IP-literal URLs only) and hostnames the outbound client may reach although they are
  // private: GPU exporters, an intranet Prometheus, test servers. See docs/security.md.
  FETCH_ALLOW_LIST: csv,
  // The server folder scheduled FOCUS drops may read from (lib/focus/sources.ts): an org's folder source
  // must be this directory or inside it. Not set: folder sources are refused (URL sources still work).
  FOCUS_DROP_ROOT: z.string().trim().refine((v) => v.startsWith("/"), "must be an absolute path").optional(),
  // Prefix for BullMQ keys so several installs (or test runs) can share one Redis.
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _ only").default("breakeven"),
  // Days raw OpenTelemetry span events are kept (whole monthly partitions are dropped once past it).
  OTLP_SPAN_RETENTION_DAYS: z.coerce.number().int("must be a whole number").min(1).max(3650).default(30),
  WORKER_CONCURRENCY: z.coerce.number().int("must be a whole number").min(1).max(64).default(4),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Price catalogs polled by the prices job: "<format>=<url>" entries (format litellm or openrouter); "none" = no polling.
  PRICE_CATALOG_URLS: priceCatalogUrls,
  // Cron patterns (UTC) of the watch and alert jobs.
  PRICE_POLL_CRON: cron.default("17 */6 * * *"),
  DOCUMENT_POLL_CRON: cron.default("43 */6 * * *"),
  ALERT_EVALUATE_CRON: cron.default("*/15 * * * *"),
  ALERT_DIGEST_CRON: cron.default("0 7 * * *"),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly variables: string[], message: string) {
    super(message);
    this.name = "EnvError";
  }
}

export function loadEnv(source: Record<string, string | undefined>): Env {
  // Empty strings in .env files mean "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const r = envSchema.safeParse(cleaned);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${String(i.path[0] ?? "?")}: ${i.path[0] !== undefined && cleaned[String(i.path[0])] === undefined ? "is required but not set" : i.message}`);
  const names = [...new Set(r.error.issues.map((i) => String(i.path[0] ?? "?")))];
  return failEnv(names, `Invalid environment (see .env.example):\n${lines.join("\n")}`);
}

function failEnv(names: string[], message: string): never {
  throw new EnvError(names, message);
}

let cached: Env | undefined;
/** The validated environment of this process (read once). */
export function env(): Env {
  cached ??= loadEnv(process.env);
  return cached;
}

/**
 * FETCH_ALLOW_LIST alone, validated by the same schema: the outbound client (lib/net) needs it in every
 * process, including scripts and unit tests that configure nothing else.
 */
export function fetchAllowList(): string[] {
  return cached ? cached.FETCH_ALLOW_LIST : envSchema.shape.FETCH_ALLOW_LIST.parse(process.env.FETCH_ALLOW_LIST || undefined);
}

import { inject } from "vitest";

// Runs in every integration/e2e test worker before any module reads the environment.
export const TEST_NEXTAUTH_SECRET = "test-secret-test-secret-test-secret-0123";
export const TEST_ENCRYPTION_KEYS = `k1:${Buffer.alloc(32, 7).toString("base64")}`;

process.env.DATABASE_URL = inject("databaseUrl");
process.env.QUEUE_PREFIX = inject("queuePrefix");
process.env.REDIS_URL ??= "redis://127.0.0.1:6379";
process.env.NEXTAUTH_SECRET = TEST_NEXTAUTH_SECRET;
process.env.ENCRYPTION_KEYS = TEST_ENCRYPTION_KEYS;
process.env.APP_URL = "http://localhost:3999";
process.env.LOG_LEVEL = "warn";
delete process.env.SMTP_URL;
// Every test server listens on 127.0.0.1, which the outbound guard (lib/net) refuses unless the
// operator opens it; as an IP-literal entry it opens http://127.0.0.1:<port>/ only — `localhost`,
// 127.0.0.2 and [::1] stay refused (tests/integration/ssrf-live.test.ts).
process.env.FETCH_ALLOW_LIST = "127.0.0.1";

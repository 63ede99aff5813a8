import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

// Three projects: unit (pure lib/, parallel), integration (real Postgres/Redis/SMTP/HTTP on
// 127.0.0.1, one file at a time because they share those servers) and e2e (real Chromium).
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    projects: [
      {
        resolve: { alias: { "@": root } },
        test: { name: "unit", include: ["tests/**/*.test.ts"], exclude: ["tests/integration/**", "tests/e2e/**"], environment: "node" },
      },
      {
        resolve: { alias: { "@": root } },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/setup-env.ts"],
        },
      },
      {
        resolve: { alias: { "@": root } },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          // expect.poll gives up after 1 s by default; a page's fetch under a loaded 2-core CI machine can take longer.
          // Polls wait for a state, they do not time it (no timed assertions), so a generous ceiling costs nothing.
          expect: { poll: { timeout: 30_000 } },
          environment: "node",
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 600_000,
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/setup-env.ts"],
        },
      },
    ],
  },
});

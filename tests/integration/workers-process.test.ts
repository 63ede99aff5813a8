import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";

// The real workers process, started as `npm run workers` starts it.
function runWorkers(env: Record<string, string | undefined>) {
  const child = spawn("./node_modules/.bin/tsx", ["workers/index.ts"], { env: { ...process.env, ...env } as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "", stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe("workers process", () => {
  it("a malformed env var stops start-up with its name", async () => {
    const w = runWorkers({ DATABASE_URL: "mysql://wrong", LOG_LEVEL: "info" });
    expect(await w.exited).toBe(1);
    expect(w.err()).toContain("DATABASE_URL: must be a URL starting with postgres:// or postgresql://");
  });

  it("starts, then shuts down gracefully on SIGTERM", async () => {
    const w = runWorkers({ LOG_LEVEL: "info" });
    const deadline = Date.now() + 30_000;
    while (!w.out().includes("workers started") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(w.out()).toContain("workers started");
    w.child.kill("SIGTERM");
    expect(await w.exited).toBe(0);
    expect(w.out()).toContain("workers stopped");
  });
});

describe("/api/health", () => {
  it("reports the database and Redis as reachable", async () => {
    const res = await health();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok", redis: "ok" });
  });
});

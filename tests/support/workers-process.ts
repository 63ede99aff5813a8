import { spawn, type ChildProcess } from "node:child_process";

/**
 * The real workers process with this test run's environment. Node runs the file itself with tsx's
 * loader (as `tsx workers/index.ts` does, minus its wrapper process), so a SIGKILL hits the worker.
 */
export interface WorkersProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
  stop(): Promise<void>;
}

export async function startWorkersProcess(extraEnv: Record<string, string> = {}): Promise<WorkersProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env: { ...process.env, LOG_LEVEL: "info", ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes("workers started")) {
    if (child.exitCode !== null) throw new Error(`workers exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`workers did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

import { existsSync } from "node:fs";

/** Scripts (not Next, which does this itself) read .env when present; real env vars win. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

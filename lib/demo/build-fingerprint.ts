import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

// "Does the web app need building again?" decided by the content of what the build reads, not by
// file times: a fresh clone or a branch switch gives every file a new time but not new content.

/** Where the demo writes the fingerprint of the code a build was made from. */
export const BUILD_STAMP_FILE = ".next/breakeven-source.sha256";

/** What the generated Prisma client is made from, and where the demo stamps it (inside the generated folder). */
export const CLIENT_INPUTS = ["prisma/schema.prisma", "prisma.config.ts", "scripts/prisma-generate.ts", "package-lock.json"] as const;
export const CLIENT_STAMP_FILE = "lib/generated/.schema-fingerprint";

/** What `next build` reads. lib/generated is left out: it is derived from prisma/schema.prisma, which is in. */
export const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "prisma/schema.prisma",
  "proxy.ts",
  "middleware.ts",
  "next.config.ts",
  "tailwind.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
] as const;

const SKIPPED = new Set(["lib/generated", "node_modules", ".next", ".data"]);

function filesUnder(root: string, path: string, out: string[]): void {
  const abs = join(root, path);
  if (!existsSync(abs) || SKIPPED.has(path)) return;
  if (statSync(abs).isDirectory()) {
    for (const entry of readdirSync(abs).sort()) filesUnder(root, path ? `${path}/${entry}` : entry, out);
  } else out.push(path);
}

/** sha256 over every input file's relative path and bytes, in a fixed order. */
export function sourceFingerprint(root: string, inputs: readonly string[] = BUILD_INPUTS): string {
  const files: string[] = [];
  for (const input of inputs) filesUnder(root, input, files);
  const hash = createHash("sha256");
  for (const f of files.sort()) {
    hash.update(relative(root, join(root, f)).split(sep).join("/"));
    hash.update("\0");
    hash.update(readFileSync(join(root, f)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** Why a build is needed, in words, or null when the existing one was made from exactly this code. */
export function buildNeeded(s: { hasBuild: boolean; builtFrom: string | null; current: string }): string | null {
  if (!s.hasBuild) return "no build yet";
  if (!s.builtFrom) return "the existing build was not made by the demo, so what it was built from is unknown";
  if (s.builtFrom !== s.current) return "the code changed since the last build";
  return null;
}

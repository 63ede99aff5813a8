import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildNeeded, CLIENT_INPUTS, sourceFingerprint } from "@/lib/demo/build-fingerprint";

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "breakeven-fingerprint-"));
  write("app/page.tsx", "export default function Page() { return null; }\n");
  write("lib/money.ts", "export const cents = 100;\n");
  write("package.json", "{}\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("does the web app need building again", () => {
  it("is decided by content: touching every file (a fresh clone, a branch switch) changes nothing", () => {
    const before = sourceFingerprint(root);
    const later = new Date(Date.now() + 86_400_000);
    for (const f of ["app/page.tsx", "lib/money.ts", "package.json"]) utimesSync(join(root, f), later, later);
    expect(sourceFingerprint(root)).toBe(before);
  });

  it("changes when a file's content, a file's name or the file set changes", () => {
    const before = sourceFingerprint(root);
    write("lib/money.ts", "export const cents = 101;\n");
    const edited = sourceFingerprint(root);
    expect(edited).not.toBe(before);
    write("lib/new-module.ts", "export {};\n");
    expect(sourceFingerprint(root)).not.toBe(edited);
  });

  it("ignores what the build does not read: generated client, .data, .next, scripts", () => {
    const before = sourceFingerprint(root);
    write("lib/generated/prisma/client.ts", "// generated\n");
    write(".data/postgres/PG_VERSION", "17\n");
    write(".next/BUILD_ID", "abc\n");
    write("scripts/demo.ts", "// not part of the web app\n");
    expect(sourceFingerprint(root)).toBe(before);
  });

  it("the Prisma client's fingerprint follows the schema, not the app code", () => {
    write("prisma/schema.prisma", "model A { id Int @id }\n");
    const before = sourceFingerprint(root, CLIENT_INPUTS);
    write("app/page.tsx", "export default function Page() { return 1; }\n");
    expect(sourceFingerprint(root, CLIENT_INPUTS)).toBe(before);
    write("prisma/schema.prisma", "model A { id Int @id\n name String }\n");
    expect(sourceFingerprint(root, CLIENT_INPUTS)).not.toBe(before);
  });

  it("says why in words, or null when the build was made from exactly this code", () => {
    expect(buildNeeded({ hasBuild: false, builtFrom: null, current: "a" })).toBe("no build yet");
    expect(buildNeeded({ hasBuild: true, builtFrom: null, current: "a" })).toMatch(/not made by the demo/);
    expect(buildNeeded({ hasBuild: true, builtFrom: "b", current: "a" })).toBe("the code changed since the last build");
    expect(buildNeeded({ hasBuild: true, builtFrom: "a", current: "a" })).toBeNull();
  });
});

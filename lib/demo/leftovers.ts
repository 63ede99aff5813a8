// A demo killed with SIGKILL cannot stop its children: the web server, the workers, the database
// and a Redis it started keep running and hold their ports. The demo records what it started in
// .data/; the next start stops what is still there. Pure: `argsOf(pid)` is the process's command
// line now, or null when the pid is gone.

export interface StartedProcess {
  name: string;
  pid: number;
  /** The command line when it was started (as `ps -o args=` shows it). */
  args: string;
}

/** The recorded processes still running the same command: a reused pid is someone else's and is left alone. */
export function leftoversToStop(recorded: readonly StartedProcess[], argsOf: (pid: number) => string | null): StartedProcess[] {
  return recorded.filter((p) => {
    const now = argsOf(p.pid);
    return now !== null && now.trim() === p.args.trim();
  });
}

/** Parse the record file; anything unreadable counts as nothing recorded (it only serves a clean-up). */
export function parseStartedProcesses(text: string | null): StartedProcess[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    if (!Array.isArray(v)) return [];
    return v.filter(
      (p): p is StartedProcess => typeof p === "object" && p !== null && typeof (p as StartedProcess).name === "string" && Number.isInteger((p as StartedProcess).pid) && typeof (p as StartedProcess).args === "string",
    );
  } catch {
    return [];
  }
}

import { getQueue } from "@/lib/queues";

// What the Documents page says about a document's fetching, in words: when it was last read, or
// why it never was (not checked yet, paused, or the last try failed and how). The demo runs without
// internet, so "never fetched" alone left people guessing.

const at = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** A fetch error as a sentence a person can act on; the original message is kept at the end. */
export function describeFetchError(message: string): string {
  const host = /Could not resolve ([^\s:]+)/.exec(message)?.[1] ?? /(?:ENOTFOUND|EAI_AGAIN) ([^\s:]+)/.exec(message)?.[1];
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME|Could not resolve/.test(message)) {
    return `this server could not look up ${host ?? "the site's address"}: it has no internet access or no working DNS (${message})`;
  }
  if (/ENETUNREACH|EHOSTUNREACH/.test(message)) return `this server has no network route to the site: no internet access from here (${message})`;
  if (/ECONNREFUSED/.test(message)) return `the site refused the connection (${message})`;
  if (/timed out|ETIMEDOUT/i.test(message)) return `the site did not answer in time: no internet access, or the site is slow (${message})`;
  if (/refused|private|not allowed/i.test(message)) return `the address is not allowed for outbound requests (${message})`;
  return message;
}

export interface FetchState {
  enabled: boolean;
  lastFetchedAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

/** The "Last fetch" cell: `text` always; `problem` when something needs attention. */
export function fetchStatusText(d: FetchState, nextCheckAt: Date | null): { text: string; problem: string | null } {
  const problem = d.lastError ? `${d.lastFetchedAt ? "The last try" : "Every try so far"} failed${d.lastErrorAt ? ` (${at(new Date(d.lastErrorAt))})` : ""}: ${describeFetchError(d.lastError)}` : null;
  if (d.lastFetchedAt) return { text: at(new Date(d.lastFetchedAt)), problem };
  if (d.lastError) return { text: "Never fetched", problem };
  if (!d.enabled) return { text: "Never fetched: checking is paused for this document", problem: null };
  if (nextCheckAt) return { text: `Not fetched yet: the first check is due at ${at(nextCheckAt)}`, problem: null };
  return { text: "Not fetched yet: no check is scheduled, because the workers (npm run workers) have not started", problem: null };
}

/** When the documents check runs next, from its BullMQ job scheduler (upserted by the workers at start); null if none. */
export async function nextDocumentsCheckAt(): Promise<Date | null> {
  const queue = getQueue("documentsCheck");
  // The scheduler id workers/watch-schedules.ts gives every watch queue.
  const scheduler = await queue.getJobScheduler(`${queue.name}-schedule`).catch(() => undefined);
  return scheduler?.next ? new Date(scheduler.next) : null;
}

import type { EndpointOutcome } from "@/lib/providers/types";

// The one sentence a connection card leads with: what state it is in and what that means for the
// figures. Pure, so every state is tested as text.

export interface ConnectionState {
  status: "PENDING" | "ACTIVE" | "PAUSED" | "FAILING";
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  endpoints: readonly EndpointOutcome[];
}

const statusOf = (list: readonly EndpointOutcome[]) => [...new Set(list.map((e) => (e.status ? `HTTP ${e.status}` : "refused")))].join(", ");

/** Unavailable endpoints in words: what is missing and how the figures are made up instead. */
export function unavailableEndpointsText(endpoints: readonly EndpointOutcome[]): string[] {
  const gone = endpoints.filter((e) => !e.available);
  const parts: string[] = [];
  const costs = gone.filter((e) => e.produces === "costs");
  if (costs.length > 0) parts.push(`billed dollars unavailable (the ${costs.map((e) => e.label).join(", ")} answered ${statusOf(costs)}): showing catalog estimates`);
  const usage = gone.filter((e) => e.produces === "usage");
  if (usage.length > 0) {
    const kinds = usage.flatMap((e) => e.usageKinds).map((k) => k.replace(/_/g, " "));
    parts.push(`usage of ${kinds.join(", ")} unavailable (${statusOf(usage)}): not in the figures`);
  }
  return parts;
}

export function connectionStatusText(c: ConnectionState): string {
  const retrying = c.lastError && c.lastErrorAt && (!c.lastSuccessAt || c.lastErrorAt > c.lastSuccessAt) ? c.lastError : null;
  switch (c.status) {
    case "PAUSED":
      return "Paused: nothing is synced until it is resumed.";
    case "FAILING":
      return `Failing: ${c.lastError ?? "the last sync failed"}`;
    case "PENDING":
      return retrying ? `Not synced yet; the last attempt failed and is retried: ${retrying}` : "Waiting for the first sync.";
    case "ACTIVE": {
      const parts = unavailableEndpointsText(c.endpoints);
      const lead = parts.length === 0 ? "Synced: billed dollars and usage from every report." : `Synced, but ${parts.join("; ")}.`;
      return retrying ? `${lead} The last attempt failed and is retried: ${retrying}` : lead;
    }
  }
}

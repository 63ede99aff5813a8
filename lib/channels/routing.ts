import { SEVERITIES } from "@/lib/terms/severity";

// Which of a rule's channels an event goes to, and how: each link has its own severity floor and its own
// immediate / daily-digest choice. Email keeps the rule's recipients, with its own floor (emailMinSeverity).

export interface ChannelLink {
  channelId: string;
  minSeverity: string;
  delivery: "IMMEDIATE" | "DAILY_DIGEST";
  channelEnabled: boolean;
}

export function atOrAbove(severity: string, floor: string): boolean {
  return SEVERITIES.indexOf(severity as (typeof SEVERITIES)[number]) >= SEVERITIES.indexOf(floor as (typeof SEVERITIES)[number]);
}

/** The channels to post this event to now (digest links wait for the daily digest). */
export function immediateChannels(severity: string, links: readonly ChannelLink[]): string[] {
  return links.filter((l) => l.channelEnabled && l.delivery === "IMMEDIATE" && atOrAbove(severity, l.minSeverity)).map((l) => l.channelId);
}

import { formatUsd } from "@/lib/money";
import { changeText } from "@/lib/channels/alert-facts";
import type { WebhookAlert } from "@/lib/channels/webhook-payload";

// Slack messages in Block Kit (api.slack.com/block-kit): header = the alert's title, a context line with the
// severity, the amounts as section fields, what changed, the projects affected, and a button back to the alert.
// `text` is the notification / screen-reader fallback Slack asks for. Slack's limits are respected by cutting:
// header 150 characters, section text 3000, 10 fields, 50 blocks.

const SEVERITY_WORD: Record<string, string> = { INFO: "Information", LOW: "Low severity", MEDIUM: "Medium severity", HIGH: "High severity", CRITICAL: "Critical" };
const SEVERITY_EMOJI: Record<string, string> = { INFO: ":information_source:", LOW: ":large_blue_circle:", MEDIUM: ":large_orange_circle:", HIGH: ":red_circle:", CRITICAL: ":rotating_light:" };

/** Slack's mrkdwn needs only &, < and > escaped (api.slack.com/reference/surfaces/formatting#escaping). */
export function slackEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
const mrkdwn = (text: string) => ({ type: "mrkdwn", text: cut(text, 3000) });

export type SlackBlock = Record<string, unknown>;
export interface SlackMessage { text: string; blocks: SlackBlock[] }

function alertBlocks(a: WebhookAlert, orgName: string): SlackBlock[] {
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: cut(a.title, 150), emoji: true } },
    { type: "context", elements: [mrkdwn(`${SEVERITY_EMOJI[a.severity] ?? ""} *${SEVERITY_WORD[a.severity] ?? a.severity}* · ${slackEscape(orgName)} · ${a.occurredAt.slice(0, 16).replace("T", " ")} UTC`)] },
  ];
  if (a.amounts.length) blocks.push({ type: "section", fields: a.amounts.slice(0, 10).map((m) => mrkdwn(`*${slackEscape(m.label)}*\n${formatUsd(m.usd)}`)) });
  const changed = [...a.changes.map(changeText), ...a.summary];
  if (changed.length) blocks.push({ type: "section", text: mrkdwn(`*What changed*\n${changed.map((l) => `• ${slackEscape(l)}`).join("\n")}`) });
  if (a.projects.length) {
    const lines = a.projects.map((p) => `• ${slackEscape(p.name)}${p.monthlyDeltaUsd === null ? "" : `: ${formatUsd(p.monthlyDeltaUsd)} a month`}${p.tokens30d === undefined ? "" : `: ${BigInt(p.tokens30d).toLocaleString("en-US")} tokens in the last 30 days`}`);
    blocks.push({ type: "section", text: mrkdwn(`*Projects affected*\n${lines.join("\n")}`) });
  }
  blocks.push({ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open in Breakeven" }, url: a.url }] });
  return blocks;
}

export function slackAlertMessage(a: WebhookAlert, orgName: string): SlackMessage {
  return { text: `${SEVERITY_WORD[a.severity] ?? a.severity}: ${a.title}`, blocks: alertBlocks(a, orgName) };
}

export function slackDigestMessage(alerts: readonly WebhookAlert[], org: { name: string }, day: string, inboxUrl: string): SlackMessage {
  const title = `Breakeven daily digest for ${org.name} (${day}): ${alerts.length} alert${alerts.length === 1 ? "" : "s"}`;
  const blocks: SlackBlock[] = [{ type: "header", text: { type: "plain_text", text: cut(title, 150), emoji: true } }];
  // 50 blocks at most: each alert is one section; beyond 45 the rest are counted and linked.
  for (const a of alerts.slice(0, 45)) {
    const amounts = a.amounts.map((m) => `${slackEscape(m.label)}: ${formatUsd(m.usd)}`).join(" · ");
    blocks.push({ type: "section", text: mrkdwn(`*${SEVERITY_WORD[a.severity] ?? a.severity}:* <${a.url}|${slackEscape(a.title)}>${amounts ? `\n${amounts}` : ""}`) });
  }
  if (alerts.length > 45) blocks.push({ type: "context", elements: [mrkdwn(`and ${alerts.length - 45} more in the inbox`)] });
  blocks.push({ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the alert inbox" }, url: inboxUrl }] });
  return { text: title, blocks };
}

export function slackTestMessage(org: { name: string }, channelName: string, appUrl: string): SlackMessage {
  const text = `Test message from Breakeven: alerts of ${org.name} routed to "${channelName}" will appear here.`;
  return { text, blocks: [{ type: "section", text: mrkdwn(slackEscape(text)) }, { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open Breakeven" }, url: appUrl }] }] };
}

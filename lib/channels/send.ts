import type { ChannelKind } from "@/lib/generated/prisma/enums";
import { webhookHeaders } from "@/lib/channels/webhook-signature";
import { parseRetryAfter } from "@/lib/channels/retry";
import { safeFetch } from "@/lib/net/safe-fetch";

// One POST of a stored delivery body to a channel, through the one SSRF-guarded client. Never throws: the
// outcome says whether it arrived, what the receiver answered, how long it asked us to wait, and whether
// another attempt could help (Slack's 4xx answers such as invalid_payload or no_service cannot be fixed by
// retrying; a webhook receiver's 4xx may be a deploy in progress, so webhooks retry every failure, as Standard
// Webhooks senders do).

export interface ChannelTarget { kind: ChannelKind; url: string; secret: string | null }

export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  retryAfterMs: number | null;
  error: string | null;
  retryable: boolean;
}

const USER_AGENT = "Breakeven-Alerts/1 (+https://github.com/breakeven)";
const TIMEOUT_MS = 15_000;

export async function sendToChannel(target: ChannelTarget, delivery: { id: string; body: string }, now: Date): Promise<SendOutcome> {
  const headers = target.kind === "WEBHOOK" && target.secret ? webhookHeaders(target.secret, delivery.id, now, delivery.body) : {};
  try {
    const res = await safeFetch(target.url, { userAgent: USER_AGENT, accept: "*/*", timeoutMs: TIMEOUT_MS, maxBytes: 64 * 1024, headers, body: { contentType: "application/json", text: delivery.body } });
    if (res.notModified) return { ok: false, statusCode: 304, retryAfterMs: null, error: "answered 304 Not Modified to a POST", retryable: true };
    const answer = res.body.trim().slice(0, 200);
    // Slack answers 200 with the body "ok"; anything else on 200 is not Slack accepting the message.
    const accepted = res.ok && (target.kind === "WEBHOOK" || answer === "ok");
    if (accepted) return { ok: true, statusCode: res.status, retryAfterMs: null, error: null, retryable: false };
    const retryAfterMs = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers["retry-after"], now) : null;
    const retryable = target.kind === "WEBHOOK" || res.status === 429 || res.status === 408 || res.status >= 500;
    return { ok: false, statusCode: res.status, retryAfterMs, error: `answered ${res.status}${answer ? `: ${answer}` : ""}`, retryable };
  } catch (e) {
    // Refused by the guard, no connection, timed out: the message says which (and never the URL's secret path).
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, statusCode: null, retryAfterMs: null, error: redactPath(message, target.url), retryable: true };
  }
}

/** A Slack webhook URL is itself the credential: error messages name its host only. */
function redactPath(message: string, url: string): string {
  try {
    const u = new URL(url);
    return message.split(u.href).join(`${u.origin}/…`).split(`${u.origin}${u.pathname}`).join(`${u.origin}/…`);
  } catch {
    return message;
  }
}

import { escapeHtml } from "@/lib/email/html";

// Alert emails, rendered once when queued (the delivery row keeps them, so every retry sends the same
// message): what happened (title), what it means in dollars (the event body, written by the rule), and a link
// to the event in the app, from which the diff or the price history is one click away.

export interface AlertForEmail {
  id: string;
  title: string;
  body: string;
  severity: string;
  occurredAt: Date;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface Context {
  appUrl: string;
  org: { slug: string; name: string };
  /** the rule that raised it, to say why the recipient gets this */
  ruleName?: string | null;
}

export function alertUrl(appUrl: string, orgSlug: string, eventId: string): string {
  return `${appUrl.replace(/\/$/, "")}/${orgSlug}/alerts/${eventId}`;
}

function subjectOf(e: Pick<AlertForEmail, "severity" | "title">): string {
  // INFO/LOW read as news; MEDIUM and up carry their severity first so a mail filter can route them.
  return e.severity === "INFO" || e.severity === "LOW" ? e.title : `[${e.severity}] ${e.title}`;
}

const SEVERITY_COLOUR: Record<string, string> = { INFO: "#475569", LOW: "#0369a1", MEDIUM: "#b45309", HIGH: "#b91c1c", CRITICAL: "#7f1d1d" };

function htmlPage(heading: string, inner: string, footer: string): string {
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111;max-width:640px"><h2 style="margin:0 0 12px">${escapeHtml(heading)}</h2>${inner}<p style="color:#666;font-size:12px">${escapeHtml(footer)}</p></body></html>`;
}

function button(href: string, label: string): string {
  return `<p><a href="${escapeHtml(href)}" style="background:#1d4ed8;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none">${escapeHtml(label)}</a></p>`;
}

/** One alert, sent immediately. */
export function renderAlertEmail(event: AlertForEmail, ctx: Context): RenderedEmail {
  const url = alertUrl(ctx.appUrl, ctx.org.slug, event.id);
  const why = `You receive this as a recipient of the alert rule "${ctx.ruleName ?? "(deleted rule)"}" in ${ctx.org.name} on Breakeven.`;
  const lines = event.body.split("\n").filter(Boolean);
  const text = [event.title, "", ...lines.flatMap((l) => [l, ""]), `Open it in Breakeven: ${url}`, "", why].join("\n");
  const badge = `<p style="margin:0 0 12px"><span style="background:${SEVERITY_COLOUR[event.severity] ?? "#475569"};color:#fff;border-radius:4px;padding:2px 6px;font-size:12px">${escapeHtml(event.severity)}</span></p>`;
  const inner = badge + lines.map((l) => `<p style="margin:0 0 12px">${escapeHtml(l)}</p>`).join("") + button(url, "Open in Breakeven");
  return { subject: subjectOf(event), text, html: htmlPage(event.title, inner, why) };
}

/** Every digest event of the day for one recipient, in one message. */
export function renderDigestEmail(events: readonly AlertForEmail[], ctx: Omit<Context, "ruleName"> & { day: string }): RenderedEmail {
  const inbox = `${ctx.appUrl.replace(/\/$/, "")}/${ctx.org.slug}/alerts`;
  const subject = `Breakeven daily digest for ${ctx.org.name} (${ctx.day}): ${events.length} alert${events.length === 1 ? "" : "s"}`;
  const why = `You receive this digest as a recipient of daily-digest alert rules in ${ctx.org.name} on Breakeven.`;
  const text = [
    subject,
    "",
    ...events.flatMap((e) => [`${e.severity}: ${e.title}`, ...e.body.split("\n").filter(Boolean).map((l) => `  ${l}`), `  ${alertUrl(ctx.appUrl, ctx.org.slug, e.id)}`, ""]),
    `All alerts: ${inbox}`,
    "",
    why,
  ].join("\n");
  const items = events
    .map(
      (e) =>
        `<li style="margin:0 0 14px"><strong>${escapeHtml(e.severity)}: <a href="${escapeHtml(alertUrl(ctx.appUrl, ctx.org.slug, e.id))}">${escapeHtml(e.title)}</a></strong>` +
        e.body.split("\n").filter(Boolean).map((l) => `<br><span>${escapeHtml(l)}</span>`).join("") +
        "</li>",
    )
    .join("");
  return { subject, text, html: htmlPage(subject, `<ul style="padding-left:18px">${items}</ul>${button(inbox, "Open the alert inbox")}`, why) };
}

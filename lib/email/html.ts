/** Escape text for HTML bodies of emails. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** A minimal, client-safe HTML email around paragraphs and one call-to-action link. */
export function simpleEmailHtml(opts: { heading: string; paragraphs: string[]; link?: { href: string; label: string } }): string {
  const ps = opts.paragraphs.map((p) => `<p style="margin:0 0 12px">${escapeHtml(p)}</p>`).join("");
  const a = opts.link ? `<p><a href="${escapeHtml(opts.link.href)}" style="background:#1d4ed8;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none">${escapeHtml(opts.link.label)}</a></p>` : "";
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111;max-width:560px"><h2>${escapeHtml(opts.heading)}</h2>${ps}${a}<p style="color:#666;font-size:12px">Breakeven</p></body></html>`;
}

import { describe, expect, it } from "vitest";
import { alertUrl, renderAlertEmail, renderDigestEmail } from "@/lib/alerts/email";

// What an alert email says: the title as subject (severity first from MEDIUM up), the body's lines, and a
// link to the event in the app; HTML escaped.

const event = {
  id: "evt1",
  title: "Price change: mistral mistral-large +$1,240.00/month for Acme",
  body: "mistral mistral-large input price $2.00 → $3.00 per 1M tokens.\nAt your last 30 days of usage this costs $1,240.00 a month: +$1,240.00/month for project <Search>.",
  severity: "HIGH",
  occurredAt: new Date("2026-11-24T06:00:00Z"),
};
const ctx = { appUrl: "https://breakeven.example.com/", org: { slug: "acme", name: "Acme" }, ruleName: "Price rises" };

describe("alert email", () => {
  it("subject, text with the amounts and the link, and why the recipient gets it", () => {
    const m = renderAlertEmail(event, ctx);
    expect(m.subject).toBe("[HIGH] Price change: mistral mistral-large +$1,240.00/month for Acme");
    expect(m.text).toBe(
      [
        "Price change: mistral mistral-large +$1,240.00/month for Acme",
        "",
        "mistral mistral-large input price $2.00 → $3.00 per 1M tokens.",
        "",
        "At your last 30 days of usage this costs $1,240.00 a month: +$1,240.00/month for project <Search>.",
        "",
        "Open it in Breakeven: https://breakeven.example.com/acme/alerts/evt1",
        "",
        'You receive this as a recipient of the alert rule "Price rises" in Acme on Breakeven.',
      ].join("\n"),
    );
    expect(m.html).toContain('href="https://breakeven.example.com/acme/alerts/evt1"');
    expect(m.html).toContain("+$1,240.00/month for project &lt;Search&gt;.");
    expect(m.html).not.toContain("<Search>");
  });

  it("LOW and INFO alerts carry no severity prefix", () => {
    expect(renderAlertEmail({ ...event, severity: "LOW" }, ctx).subject).toBe(event.title);
  });

  it("a digest lists every event with its link", () => {
    const m = renderDigestEmail([event, { ...event, id: "evt2", title: "Budget 80% reached", body: "$800.00 of $1,000.00", severity: "MEDIUM" }], { appUrl: ctx.appUrl, org: ctx.org, day: "2026-11-25" });
    expect(m.subject).toBe("Breakeven daily digest for Acme (2026-11-25): 2 alerts");
    expect(m.text).toContain("HIGH: Price change: mistral mistral-large +$1,240.00/month for Acme");
    expect(m.text).toContain("  https://breakeven.example.com/acme/alerts/evt2");
    expect(m.text).toContain("All alerts: https://breakeven.example.com/acme/alerts");
    expect(alertUrl("http://x", "o", "e")).toBe("http://x/o/alerts/e");
  });
});

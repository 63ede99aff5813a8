import { beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { evaluateOrgAlerts } from "@/lib/alerts/raise";
import { loadCommitments } from "@/lib/commitments/store";
import { db } from "@/lib/db";
import { seedDemo } from "@/lib/demo/seed";

// The demo's credits page has a story: the OpenAI credit runs out in about three weeks (so its 30-day alert
// fires once), and the Anthropic annual commitment will be under-used.

const NOW = new Date("2026-11-24T10:00:00Z");
let orgId = "";

beforeAll(async () => {
  process.env.SMTP_URL = "";
  orgId = (await seedDemo(db(), NOW, { slug: `demo-credits-${randomBytes(3).toString("hex")}` })).orgId;
}, 240_000);

describe("demo credits and commitments", () => {
  it("the OpenAI credit runs out within 30 days; the commitment is under-used", async () => {
    const [anthropic, openai] = await loadCommitments(orgId, NOW);
    expect(openai!.burnDown.status).toBe("active");
    expect(openai!.burnDown.daysLeft).toBeGreaterThanOrEqual(14);
    expect(openai!.burnDown.daysLeft).toBeLessThanOrEqual(30);
    expect(anthropic!.burnDown.unusedAtEnd!.gt(0)).toBe(true);
    const r = await evaluateOrgAlerts(orgId, NOW);
    expect(r.ruleErrors).toEqual([]);
    expect(r.raised.filter((e) => e.type === "CREDITS_RUNOUT")).toHaveLength(1);
  });
});

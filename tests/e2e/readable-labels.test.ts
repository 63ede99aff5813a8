import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_ORG_SLUG } from "@/lib/demo/seed";
import { DEMO_PASSWORD } from "@/lib/demo/generate";
import { signIn } from "../support/app-server";
import { useDemoApp } from "../support/demo-app";

// Every label a person reads is words, not identifiers: each page of the demo org, rendered by the
// production build in a real browser, is scanned for identifier-shaped text — camelCase
// ("minAbsoluteDeviation"), snake_case ("wrkspc_eng") and dotted paths ("staff.fteShare"). Text in
// <code> is what a person types (a CSV column name) and is left out.

const demo = useDemoApp();

/** Identifier-shaped words of a page's visible text; addresses, emails, paths and model ids are not labels. */
export function identifierShaped(text: string): string[] {
  const allowed = new Set(["vLLM", "kW", "kWh"]); // a product's own spelling, units
  return [...new Set(text.split(/\s+/).map((w) => w.replace(/^[("'“‘[]+|[)"'”’\],.;:!?]+$/g, "")))]
    .filter((w) => w && !allowed.has(w) && !/[@/]|:\/\//.test(w) && !/\.(md|ts|tsx|json|csv|local|com|org|io|ai|dev)$/i.test(w))
    .filter((w) => /^[a-z]+[a-z0-9]*[A-Z][A-Za-z0-9]*$/.test(w) || /^[a-z][a-z0-9]*_[a-z0-9_]+$/i.test(w) || /^[a-z]+(\.[a-z][A-Za-z0-9]*)+$/.test(w));
}

describe("every label a person reads is words", () => {
  it("the scanner finds the issue's examples and passes plain words", () => {
    expect(identifierShaped("From: workload.monthlyCost. Sensitivity staff.fteShare, project wrkspc_eng; rule minAbsoluteDeviation 5")).toEqual(["workload.monthlyCost", "staff.fteShare", "wrkspc_eng", "minAbsoluteDeviation"]);
    expect(identifierShaped("Throughput measured by vLLM on gpt-4o-mini, see docs/breakeven.md or mail owner@demo.breakeven.local. 1.1B tokens")).toEqual([]);
  });

  it("no page of the demo org shows identifier-shaped text", async () => {
    const org = await db().organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
    const [pool, scenario, event] = await Promise.all([
      db().gpuPool.findFirstOrThrow({ where: { orgId: org.id } }),
      db().migrationScenario.findFirstOrThrow({ where: { orgId: org.id } }),
      db().alertEvent.findFirst({ where: { orgId: org.id } }),
    ]);
    const paths = [
      "overview", "spend", "spend/reconciliation", "breakeven", "scenarios", "scenarios/new", `scenarios/${scenario.id}`, `scenarios/${scenario.id}/print`,
      "risk", "prices", "documents", "alerts", ...(event ? [`alerts/${event.id}`] : []), "alert-rules", "alert-channels", "privacy", "privacy/exposure", "gpu-pools", `gpu-pools/${pool.id}`,
      "settings/connections", "settings/gpu-pools", "settings/members", "settings/api-tokens", "settings/import",
    ];
    const page = await demo.browser.newPage();
    await signIn(page, demo.app.baseUrl, "owner@demo.breakeven.local", DEMO_PASSWORD);
    const found: Record<string, string[]> = {};
    for (const path of paths) {
      await page.goto(`${demo.app.baseUrl}/${DEMO_ORG_SLUG}/${path}`);
      await page.waitForLoadState("networkidle");
      const codes = await page.locator("code").allInnerTexts();
      const text = codes.reduce((t, c) => t.split(c).join(" "), await page.locator("body").innerText());
      const words = identifierShaped(text);
      if (words.length) found[path] = words;
    }
    await page.close();
    expect(found).toEqual({});
  });
});

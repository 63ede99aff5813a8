import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fingerprintDocument } from "@/lib/terms/change";
import { diffSentences, type DiffEntry } from "@/lib/terms/diff";
import { classifyChange, SEVERITY_RULES } from "@/lib/terms/severity";

const text = (name: string) => fingerprintDocument(readFileSync(new URL(`../fixtures/terms/${name}`, import.meta.url), "utf8"), { contentType: "text/markdown" }).text;

// OpenAI's Terms of Use, 2023-10-16 → 2023-11-14 (new terms for individuals). Sentences are quoted as
// normalised (curly quotes → straight, ** emphasis dropped).
const openAiDiff = diffSentences(text("openai-terms-of-use.2023-10-16T1230Z.a1da2dc.md"), text("openai-terms-of-use.2023-11-14T1830Z.d9d49b2.md"));

describe("each rule fires on a real changed sentence from the OpenAI fixture", () => {
  it.each<[string, string, DiffEntry]>([
    [
      "training-on-customer-data",
      "CRITICAL",
      {
        op: "added",
        text: "If you do not want us to use your Content to train our models, you can opt out by following the instructions in [this Help Center article](https://help.openai.com/en/articles/5722486-how-your-data-is-used-to-improve-model-performance).",
      },
    ],
    ["data-retention", "HIGH", { op: "added", text: "We may delete or disable content that we believe violates these Terms or is alleged to be infringing and will terminate accounts of repeat infringers where appropriate." }],
    [
      "indemnity",
      "HIGH",
      {
        op: "added",
        text: "If you are a business or organization, to the extent permitted by law, you will indemnify and hold harmless us, our affiliates, and our personnel, from and against any costs, losses, liabilities, and expenses (including attorneys' fees) from third party claims arising out of or relating to your use of the Services and Content or any violation of these Terms.",
      },
    ],
    ["price-and-fees", "MEDIUM", { op: "removed", text: 'You will pay all fees charged to your account ("Fees") according to the prices and terms on the applicable pricing page, or as otherwise agreed between us in writing.' }],
    ["termination-suspension", "MEDIUM", { op: "removed", text: "We may terminate these Terms for any reason by providing you at least 30 days' advance notice." }],
    [
      "governing-law",
      "MEDIUM",
      {
        op: "added",
        text: "These Terms form an agreement between you and OpenAI, L.L.C., a Delaware company, and they include our [Service Terms](https://openai.com/policies/service-terms) and important provisions for resolving disputes through arbitration.",
      },
    ],
    ["rate-and-usage-limits", "LOW", { op: "added", text: "* Interfere with or disrupt our Services, including circumvent any rate limits or restrictions or bypass any protective measures or safety mitigations we put on our Services." }],
  ])("%s (%s)", (ruleId, severity, entry) => {
    expect(openAiDiff).toContainEqual(entry);
    const c = classifyChange([entry]);
    expect(c.matchedRules.map((m) => m.rule)).toContain(ruleId);
    expect(c.severity).toBe(severity);
  });

  it("covers every rule in the table", () => {
    expect(SEVERITY_RULES.map((r) => r.id)).toEqual([
      "training-on-customer-data",
      "data-retention",
      "indemnity",
      "price-and-fees",
      "termination-suspension",
      "governing-law",
      "rate-and-usage-limits",
    ]);
  });

  it("rates the whole change CRITICAL and explains the training change with an excerpt", () => {
    const c = classifyChange(openAiDiff);
    expect(c.severity).toBe("CRITICAL");
    const training = c.matchedRules.find((m) => m.rule === "training-on-customer-data")!;
    expect(training.explanation).toMatch(/^The section on using your content to train models changed: removed "We do not use Content that you provide to or receive from our API \("API Content"\) to develop or improve our Services\."/);
    expect(training.sentences).toBe(4);
    expect(c.summary).toMatch(/^\d+ sentences added, \d+ removed\. CRITICAL: using your content to train models; HIGH: /);
  });
});

describe("hand-written cases", () => {
  it.each<[string, string, string]>([
    ["We will retain API inputs and outputs for up to 30 days.", "data-retention", "HIGH"],
    ["Customer Content may be used to improve our models unless you opt out.", "training-on-customer-data", "CRITICAL"],
    ["These Terms are governed by the laws of Ireland.", "governing-law", "MEDIUM"],
    ["Prices for the Batch API are $1.25 per million input tokens.", "price-and-fees", "MEDIUM"],
  ])("%j → %s", (sentence, ruleId, severity) => {
    const c = classifyChange([{ op: "added", text: sentence }]);
    expect(c.matchedRules.map((m) => m.rule)).toEqual([ruleId]);
    expect(c.severity).toBe(severity);
  });

  it("does not mistake keeping ownership for keeping data", () => {
    expect(classifyChange([{ op: "added", text: "You retain all the rights, including but not limited to the intellectual property rights to Your Prompts." }]).matchedRules).toEqual([]);
  });

  it("rates the real heading typo fix (OpenAI 2023-11-14 → 11-15) INFO", () => {
    const diff = diffSentences(text("openai-terms-of-use.2023-11-14T1830Z.d9d49b2.md"), text("openai-terms-of-use.2023-11-15T0030Z.ca036b3.md"));
    expect(diff).toEqual([
      { op: "removed", text: "How we are" },
      { op: "added", text: "Who we are" },
    ]);
    expect(classifyChange(diff)).toEqual({
      severity: "INFO",
      matchedRules: [],
      summary: "1 sentence added, 1 removed; no section we watch (training, retention, indemnity, fees, termination, law, limits) changed.",
    });
  });

  it("rates a cosmetic-only change INFO with nothing to show", () => {
    const diff = diffSentences("Terms.\nWe **never** train on API data.", "Terms.\n\nWe never train on API data.");
    expect(diff).toEqual([]);
    expect(classifyChange(diff)).toEqual({ severity: "INFO", matchedRules: [], summary: "No wording changed." });
  });
});

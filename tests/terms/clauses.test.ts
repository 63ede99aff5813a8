import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fingerprintDocument } from "@/lib/terms/change";
import { trainingClaim } from "@/lib/terms/clause-rules";
import { statedPeriods, wordingKey } from "@/lib/terms/clause-text";
import { regionalScope } from "@/lib/terms/regions";
import { classifyChange } from "@/lib/terms/severity";
import { comparisonBase } from "@/lib/terms/watch";

// The clause reading on the misfires the keyword rules made, each on real text (tests/fixtures/terms-corpus) or
// a hand-written pair of versions that isolates one behaviour.

const corpus = (file: string) => fingerprintDocument(readFileSync(new URL(`../fixtures/terms-corpus/${file}`, import.meta.url), "utf8"), { contentType: "text/markdown" }).text;
const doc = (...sentences: string[]) => sentences.join("\n");
const BASE = ["Terms of Service", "These terms govern your use of the Services.", "You must be 18 or older to use the Services.", "We provide the Services as is."];

describe("who trains on what", () => {
  it("'training them to refuse harmful instructions' is about the vendor's models, not the customer's data", () => {
    const c = classifyChange(doc(...BASE), doc(...BASE, "We improve our models by training them to refuse harmful instructions."));
    expect(c.matchedRules).toEqual([]);
    expect(c.severity).toBe("INFO");
  });

  it("reads negation, its subject, and the opt-in/opt-out condition", () => {
    expect(trainingClaim("We will not use your Inputs or Outputs to train our models.")).toEqual({ permits: false, condition: "", conditional: false });
    expect(trainingClaim("We may use your Inputs and Outputs to train our models, unless you opt out through your account settings.")).toMatchObject({ permits: true, condition: "opt-out" });
    // the reader's wish is negated, not the vendor's use
    expect(trainingClaim("If you do not want us to use your Content to train our models, you can opt out.")).toMatchObject({ permits: true, condition: "opt-out" });
    expect(trainingClaim("In such a case, Mistral AI will not use Your Prompts and Outputs to train its Models.")).toMatchObject({ permits: false, conditional: true });
    // the customer is the one restricted here: no claim about the vendor training on the customer's data
    expect(trainingClaim("You may not use Output to train models that compete with us.")).toBeNull();
    expect(trainingClaim("You grant Us a worldwide right to use Your User Feedback for the purpose of improving Our Model(s).")).toMatchObject({ permits: true });
  });

  it("Claude's 2025 policy: opt-in becomes opt-out, CRITICAL, and the excerpt is the added clause, not the removed one", () => {
    const c = classifyChange(corpus("anthropic-claude-privacy-policy/2025-08-16T0032Z.691572e.md"), corpus("anthropic-claude-privacy-policy/2025-08-29T0032Z.e59bf71.md"));
    expect(c.severity).toBe("CRITICAL");
    expect(c.matchedRules[0]).toMatchObject({ rule: "training-on-customer-data", excerpt: "We may use your Inputs and Outputs to train our models and improve our Services, unless you opt out through your account settings." });
    expect(c.matchedRules[0]!.explanation).toMatch(/^The section on using your content to train models changed: your material may now be used to train models unless you opt out: added "/);
  });

  it("removing an unconditional promise not to train is CRITICAL even when a conditional one remains", () => {
    const before = doc(...BASE, "We do not use Your Prompts and/or Your Outputs to train Our Model(s).", "If you opt out, we will not use Your Prompts and Outputs to train Our Models.");
    const after = doc(...BASE, "If you opt out, we will not use Your Prompts and Outputs to train Our Models.");
    const c = classifyChange(before, after);
    expect(c.matchedRules[0]).toMatchObject({ rule: "training-on-customer-data", severity: "CRITICAL", excerpt: "We do not use Your Prompts and/or Your Outputs to train Our Model(s)." });
    expect(c.matchedRules[0]!.explanation).toContain("a promise not to train on your material was removed: removed");
  });
});

describe("retention periods as numbers", () => {
  it("reads numbers, spelled numbers and open-ended periods", () => {
    expect(statedPeriods("we retain Your Prompts and Outputs for a period of thirty (30) days").map((p) => [p.text, p.days])).toEqual([["30 days", 30]]);
    expect(statedPeriods("for three years following the termination of the contract").map((p) => p.days)).toEqual([1095]);
    expect(statedPeriods("we keep your Input and Output until you delete your account").map((p) => p.text)).toEqual(["until you delete your account"]);
  });

  it("30 → 90 days fires with the new period; the same period reworded does not; 'GPT Store' is not storage", () => {
    const v1 = doc(...BASE, "We retain your prompts and outputs for 30 days to monitor abuse.");
    const longer = classifyChange(v1, doc(...BASE, "We retain your prompts and outputs for 90 days to monitor abuse."));
    expect(longer.matchedRules.map((m) => [m.rule, m.severity])).toEqual([["data-retention", "HIGH"]]);
    expect(longer.matchedRules[0]!.explanation).toContain('states a retention period (90 days): added "We retain your prompts and outputs for 90 days to monitor abuse."');
    expect(classifyChange(v1, doc(...BASE, "We retain your prompts and outputs for 30 days in order to monitor abuse.")).matchedRules).toEqual([]);
    expect(classifyChange(v1, doc(...BASE.slice(0, 3), "You can share your GPT in the GPT Store.", BASE[3]!, "We retain your prompts and outputs for 30 days to monitor abuse.")).matchedRules).toEqual([]);
  });
});

describe("acceptable use", () => {
  it("OpenAI's January 2024 usage policies: the removed ban on military and warfare is the finding", () => {
    const c = classifyChange(corpus("openai-usage-policies/2024-01-10T1230Z.2005695.md"), corpus("openai-usage-policies/2024-01-10T1830Z.8cf83dc.md"));
    const aup = c.matchedRules.find((m) => m.rule === "acceptable-use");
    expect(aup).toMatchObject({ severity: "HIGH", excerpt: "* Military and warfare" });
    expect(aup!.explanation).toContain("the ban on military and warfare was removed");
  });

  it("a new prohibition on biometric identification is HIGH", () => {
    const before = doc(...BASE, "Don't use our services to:", "* Develop or use weapons");
    const after = doc(...BASE, "Don't use our services to:", "* Develop or use weapons", "* Conduct real-time remote biometric identification in public spaces");
    expect(classifyChange(before, after).matchedRules.map((m) => m.rule)).toEqual(["acceptable-use"]);
  });
});

describe("what is not a change", () => {
  it("a link, an e-mail address, list markup or capitalisation changes nothing", () => {
    expect(wordingKey("* For the current Privacy Policy, click [here](https://x.ai/legal/privacy-policy/).")).toBe(wordingKey("For the current privacy policy, click [here](https://x.ai/privacy-policy)."));
    expect(wordingKey("contact us at [\\[email protected\\]](https://x.ai/cdn-cgi/l/email-protection)")).toBe(wordingKey("contact us at [support@x.ai](mailto:support@x.ai)"));
    // xAI 2024-10: only link targets changed, including in the sentence about training on Grok Preview data
    expect(classifyChange(corpus("xai-terms-of-service/2024-10-01T1833Z.82bced3.md"), corpus("xai-terms-of-service/2024-11-04T1232Z.17ffe81.md")).matchedRules).toEqual([]);
  });

  it("a table that vanished from one capture and came back is restored, not news", () => {
    const [a, b, c] = ["deepseek-privacy-policy/2025-05-09T0031Z.873572e.md", "deepseek-privacy-policy/2025-07-04T1231Z.b55c564.md", "deepseek-privacy-policy/2025-07-18T0031Z.7b2210e.md"].map(corpus);
    expect(classifyChange(b!, c!).severity).toBe("CRITICAL"); // without history the returning training purpose looks new
    expect(classifyChange(b!, c!, { history: [a!] }).severity).toBe("INFO");
  });

  it("an error page on either side is not a version of the document", () => {
    const c = classifyChange(corpus("meta-llama-api-acceptable-use-policy/2025-08-25T1235Z.ff987cb.md"), corpus("meta-llama-api-acceptable-use-policy/2025-09-02T0035Z.bb763cb.md"));
    expect(c).toMatchObject({ severity: "INFO", matchedRules: [{ rule: "capture-artefact" }] });
  });
});

describe("regional variants", () => {
  const worldwide = corpus("openai-terms-of-use-eu/2024-02-20T1830Z.76a35a1.md");
  const europe = corpus("openai-terms-of-use-eu/2024-06-10T0030Z.1d03afe.md");
  const europeLater = corpus("openai-terms-of-use-eu/2024-10-23T1830Z.88715d9.md");

  it("reads the scope a page declares, not the pointer to the other variant", () => {
    expect(regionalScope(europe)).toMatchObject({ regions: ["CH", "EEA", "UK"] });
    expect(regionalScope(worldwide)).toBeNull(); // it only links to the EU terms
  });

  it("the worldwide page replaced by the Europe page is a variant change (INFO), not a CRITICAL rewrite", () => {
    const c = classifyChange(worldwide, europe);
    expect(c).toMatchObject({ severity: "INFO", matchedRules: [{ rule: "regional-variant", severity: "INFO" }] });
    expect(c.summary).toContain("the version for Switzerland, the EEA and the UK");
  });

  it("a new Europe version is compared with the last Europe version, even when the worldwide one came in between", () => {
    const recent = [{ id: "ww", text: worldwide }, { id: "eu1", text: europe }, { id: "old", text: worldwide }];
    const base = comparisonBase(recent, europeLater);
    expect(base.previous.id).toBe("eu1");
    expect(base.history.map((v) => v.id)).toEqual(["old"]);
    expect(comparisonBase(recent, worldwide).previous.id).toBe("ww");
  });
});

describe("where your data is processed (processing-regions)", () => {
  // Real text: Anthropic's privacy policy as Open Terms Archive recorded it on 2025-09-01 (terms-corpus).
  const after = corpus("anthropic-claude-privacy-policy/2025-09-01T1232Z.14e6e02.md");
  it("fires HIGH when a clause naming where personal data goes is added, and says which places", () => {
    const line = after.split("\n").find((l) => l.startsWith("International Data Transfers."))!;
    expect(line).toContain("Any information we hold about you will be transferred to, used, processed, and stored in the United States and other countries");
    const c = classifyChange(after.split("\n").filter((l) => l !== line).join("\n"), after);
    expect(c.matchedRules.map((m) => [m.rule, m.severity])).toEqual([["processing-regions", "HIGH"]]);
    expect(c.matchedRules[0]!.explanation).toContain('names United States, other countries: added "Any information we hold about you will be transferred to, used, processed, and stored in the United States');
  });
  it("a clause the document already makes elsewhere in nearly the same words is not news", () => {
    // The same transfer sentence appears twice in this policy (the website section and the services section).
    const line = after.split("\n").find((l) => l.startsWith("Your personal data may be transferred to our servers in the US"))!;
    expect(classifyChange(after.split("\n").filter((l) => l !== line).join("\n"), after).matchedRules).toEqual([]);
  });
  it("fires when such a clause is removed; a restatement naming the same places, or where the customer lives, does not", () => {
    const base = doc(...BASE, "Your data is processed in the United States.");
    expect(classifyChange(base, doc(...BASE)).matchedRules.map((r) => [r.rule, r.explanation.includes("no longer names United States")])).toEqual([["processing-regions", true]]);
    expect(classifyChange(base, doc(...BASE, "Your data is processed and stored in the United States.")).matchedRules).toEqual([]);
    expect(classifyChange(doc(...BASE), doc(...BASE, "If you reside in the United Kingdom, you may have the right to bring a claim against your Content decisions.")).matchedRules.map((r) => r.rule)).not.toContain("processing-regions");
    expect(classifyChange(doc(...BASE), doc(...BASE, "Your data is processed in the European Union.")).severity).toBe("HIGH");
  });
});

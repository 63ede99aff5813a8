import { describe, expect, it } from "vitest";
import { classifyLineItem, coverage, pricingAccuracy, type BilledRow, type CatalogClassRow } from "@/lib/spend/accuracy";
import { estimateCost, estimateCostByClass } from "@/lib/pricing/estimate";
import { Decimal } from "@/lib/money";

// Coverage and pricing accuracy, worked by hand. Line items are the providers' own words (the Anthropic ones
// from tests/fixtures/providers/anthropic-cost-report*.json, OpenAI's "input_tokens" from its costs example).

const d = (v: string) => new Decimal(v);
const price = (p: Partial<Record<string, string>>) => {
  const k = ["input", "output", "cachedInput", "cacheWrite", "perRequest", "perImage", "audioInput", "audioOutput", "cacheWrite1h", "imageInput", "imageOutput", "batchInput", "batchOutput"] as const;
  return Object.fromEntries(k.map((f) => [f, p[f] === undefined ? null : d(p[f]!)])) as never;
};

describe("classifyLineItem", () => {
  it.each([
    ["Claude Sonnet 4 Usage - Input Tokens", null, "input"],
    ["Claude Sonnet 4 Usage - Output Tokens", null, "output"],
    ["Claude Sonnet 4 Usage - Cache Read", null, "cacheRead"],
    ["Claude Sonnet 4 Usage - Cache Write (1h)", null, "cacheWrite"],
    ["Claude Haiku 3.5 Usage - Cache Write (5m)", null, "cacheWrite"],
    ["Web Search Usage", null, "unclassified"],
    ["input_tokens", null, "input"],
    ["Image models", null, "unclassified"],
    ["gpt-4o-2024-08-06, input", "gpt-4o-2024-08-06", "input"],
    ["gpt-4o-2024-08-06, cached input", "gpt-4o-2024-08-06", "cacheRead"],
    ["gpt-4o-audio-preview, audio input", "gpt-4o-audio-preview", "audio"],
    ["gpt-4o-mini, input | batch", "gpt-4o-mini", "batch"],
    ["o3, reasoning output", "o3", "reasoning"],
  ])("%s → model %s, %s", (line, model, cls) => {
    expect(classifyLineItem(line)).toEqual({ model, cls });
  });
});

describe("coverage", () => {
  it("shares of billed: project and model / model not reported / no project", () => {
    const rows: BilledRow[] = [
      { provider: "anthropic", projectId: "w1", model: "claude-sonnet-4", lineItem: "Claude Sonnet 4 Usage - Input Tokens", amount: d("60") },
      { provider: "anthropic", projectId: "w1", model: "", lineItem: "Web Search Usage", amount: d("10") },
      { provider: "anthropic", projectId: "", model: "claude-sonnet-4", lineItem: "Claude Sonnet 4 Usage - Output Tokens", amount: d("30") },
      // OpenAI bills per project and line item: a line naming the model counts as attributed, "input_tokens" does not
      { provider: "openai", projectId: "p1", model: "", lineItem: "gpt-4o, input", amount: d("40") },
      { provider: "openai", projectId: "p1", model: "", lineItem: "input_tokens", amount: d("20.005") },
    ];
    expect(coverage(rows)).toEqual([
      { provider: "anthropic", billed: "100.00", attributed: "60.00", modelNotReported: "10.00", unattributed: "30.00", attributedPct: "60.0", modelNotReportedPct: "10.0", unattributedPct: "30.0" },
      // 40 ÷ 60.005 = 66.661…% → 66.7; 20.005 ÷ 60.005 = 33.338…% → 33.3
      { provider: "openai", billed: "60.01", attributed: "40.00", modelNotReported: "20.01", unattributed: "0.00", attributedPct: "66.7", modelNotReportedPct: "33.3", unattributedPct: "0.0" },
    ]);
  });
});

describe("estimateCostByClass", () => {
  it("splits estimateCost by class and adds up to it: $3 + $3 + $0.60 + $1.50 = $8.10", () => {
    // $3 / $15 / $0.30 / $3.75 per 1M: 1M input, 0.2M output, 2M cache reads, 0.4M cache writes
    const p = price({ input: "3", output: "15", cachedInput: "0.30", cacheWrite: "3.75" });
    const u = { inputTokens: 1_000_000n, outputTokens: 200_000n, cachedInputTokens: 2_000_000n, cacheWriteTokens: 400_000n };
    const c = estimateCostByClass(u, p);
    expect([c.input, c.output, c.cacheRead, c.cacheWrite, c.batch].map((x) => x.toString())).toEqual(["3", "3", "0.6", "1.5", "0"]);
    expect(estimateCost(u, p).toString()).toBe("8.1");
  });
  it("batch tokens move out of input/output at the batch rate: input $1.50, batch $2.25, output $0 = $3.75", () => {
    // 1M input of which 0.5M batch; 0.2M output, all batch. Batch rates $1.50 / $7.50.
    // input 1M × $3 − 0.5M × $3 = $1.50; batch 0.5M × $1.50 + 0.2M × $7.50 = $2.25; output 0.2M × $15 − 0.2M × $15 = 0.
    const p = price({ input: "3", output: "15", batchInput: "1.5", batchOutput: "7.5" });
    const u = { inputTokens: 1_000_000n, outputTokens: 200_000n, batchInputTokens: 500_000n, batchOutputTokens: 200_000n };
    const c = estimateCostByClass(u, p);
    expect([c.input, c.batch, c.output].map((x) => x.toString())).toEqual(["1.5", "2.25", "0"]);
    expect(estimateCost(u, p).toString()).toBe("3.75");
  });
});

describe("pricingAccuracy", () => {
  const billed: BilledRow[] = [
    { provider: "anthropic", projectId: "w1", model: "claude-sonnet-4", lineItem: "Claude Sonnet 4 Usage - Input Tokens", amount: d("100") },
    { provider: "anthropic", projectId: "w1", model: "claude-sonnet-4", lineItem: "Claude Sonnet 4 Usage - Output Tokens", amount: d("200") },
    { provider: "anthropic", projectId: "w1", model: "claude-sonnet-4", lineItem: "Claude Sonnet 4 Usage - Cache Write (5m)", amount: d("50") },
    { provider: "anthropic", projectId: "w1", model: "claude-haiku", lineItem: "Claude Haiku Usage - Input Tokens", amount: d("100") },
    { provider: "anthropic", projectId: "w1", model: "", lineItem: "Web Search Usage", amount: d("7") },
  ];
  const catalog: CatalogClassRow[] = [
    { provider: "anthropic", model: "claude-sonnet-4", cls: "input", amount: d("100") },
    { provider: "anthropic", model: "claude-sonnet-4", cls: "output", amount: d("200") },
    // the catalog left cache writes at the input rate: $40 instead of $50 billed
    { provider: "anthropic", model: "claude-sonnet-4", cls: "cacheWrite", amount: d("40") },
    { provider: "anthropic", model: "claude-haiku", cls: "input", amount: d("101.5") },
  ];
  it("a model off by more than 2% says so; within 2% says that; per class errors", () => {
    const [haiku, sonnet, ...rest] = pricingAccuracy(billed, catalog);
    expect(rest).toEqual([]);
    // haiku: (101.50 − 100) ÷ 100 = +1.5%
    expect(haiku).toMatchObject({ model: "claude-haiku", billed: "100.00", catalog: "101.50", errorPct: "1.5", offBy: false });
    expect(haiku!.sentence).toBe("The catalog estimate for claude-haiku is within 2% of the billed dollars (1.5%).");
    // sonnet: (340 − 350) ÷ 350 = −2.857…% → −2.9
    expect(sonnet).toMatchObject({ model: "claude-sonnet-4", billed: "350.00", catalog: "340.00", errorPct: "-2.9", offBy: true });
    expect(sonnet!.sentence).toMatch(/^The catalog estimate for claude-sonnet-4 is off by more than 2%: 2\.9% below the billed dollars \(340\.00 estimated against 350\.00 billed\)\./);
    expect(sonnet!.classes.map((c) => [c.label, c.billed, c.catalog, c.errorPct])).toEqual([
      ["input", "100.00", "100.00", "0.0"],
      ["output", "200.00", "200.00", "0.0"],
      ["cache write", "50.00", "40.00", "-20.0"],
    ]);
  });
  it("exactly 2% is within the tolerance", () => {
    const [m] = pricingAccuracy([{ provider: "x", projectId: "p", model: "m", lineItem: "input", amount: d("100") }], [{ provider: "x", model: "m", cls: "input", amount: d("98") }]);
    expect(m).toMatchObject({ errorPct: "-2.0", offBy: false });
  });
});

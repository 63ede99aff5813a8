import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { isDcgmBlank } from "@/lib/gpu/mapping";
import { looksLikeHtml, parseExpositionText } from "@/lib/gpu/prometheus-text";
import { thrown } from "../support/app-error";

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/gpu/${name}`, import.meta.url)), "utf8");
const UUID = "GPU-604ac76c-d9cf-fef3-62e9-d92044ab6e52";

describe("parseExpositionText on the real dcgm-exporter README sample", () => {
  const body = fixture("dcgm-exporter-readme-sample.prom");

  it("is why the library is fed pre-processed lines: alone it refuses dcgm's `, UUID=` label sets", () => {
    expect(() => parsePrometheusTextFormat(body)).toThrow(/invalid line/i);
  });

  it("reads the three samples with every label, the value as written and its line number", () => {
    const samples = parseExpositionText(body);
    expect(samples).toHaveLength(3);
    // line 7: DCGM_FI_DEV_SM_CLOCK{gpu="0", UUID="GPU-604ac76c-…",container="",namespace="",pod=""} 139
    expect(samples[0]).toEqual({
      name: "DCGM_FI_DEV_SM_CLOCK",
      labels: { gpu: "0", UUID, container: "", namespace: "", pod: "" },
      value: "139",
      line: 7,
      where: "line 7",
    });
    // line 8: DCGM_FI_DEV_MEM_CLOCK{…} 405
    expect(samples[1]).toMatchObject({ name: "DCGM_FI_DEV_MEM_CLOCK", value: "405", line: 8 });
    // line 9: DCGM_FI_DEV_MEMORY_TEMP{…} 9223372036854775794 — kept digit for digit (a JS number would print …5808)
    expect(samples[2]).toMatchObject({ name: "DCGM_FI_DEV_MEMORY_TEMP", value: "9223372036854775794", line: 9 });
  });

  it("knows 9223372036854775794 (DCGM_INT64_BLANK + 2, 'not supported') is a sentinel and 139 is not", () => {
    expect(isDcgmBlank("9223372036854775794")).toBe(true);
    expect(isDcgmBlank("9223372036854775792")).toBe(true); // DCGM_INT64_BLANK itself
    expect(isDcgmBlank("140737488355330.000000")).toBe(true); // DCGM_FP64_BLANK + 2, as dcgm prints doubles
    expect(isDcgmBlank("139")).toBe(false);
    expect(isDcgmBlank("9223372036854775791")).toBe(false);
    expect(isDcgmBlank("140737488355344")).toBe(false); // 2^47 + 16: past the sentinel range
  });
});

describe("parseExpositionText on the real vLLM docs sample", () => {
  const samples = parseExpositionText(fixture("vllm-docs-sample.prom"));

  it("keeps colon names and model_name on every histogram line (the library alone would reshape them)", () => {
    expect(samples).toHaveLength(9); // 1 _sum line + 8 _bucket lines (lines 3–11)
    // line 3: vllm:iteration_tokens_total_sum{model_name="unsloth/Llama-3.2-1B-Instruct"} 0.0
    expect(samples[0]).toEqual({
      name: "vllm:iteration_tokens_total_sum",
      labels: { model_name: "unsloth/Llama-3.2-1B-Instruct" },
      value: "0.0",
      line: 3,
      where: "line 3",
    });
    // line 11: vllm:iteration_tokens_total_bucket{le="512.0",model_name="unsloth/Llama-3.2-1B-Instruct"} 3.0
    expect(samples[8]).toEqual({
      name: "vllm:iteration_tokens_total_bucket",
      labels: { le: "512.0", model_name: "unsloth/Llama-3.2-1B-Instruct" },
      value: "3.0",
      line: 11,
      where: "line 11",
    });
  });
});

describe("parseExpositionText edge cases of the format", () => {
  it("keeps the last line of a body without a trailing newline (the library alone drops it)", () => {
    expect(parsePrometheusTextFormat("a 1\nb 2").map((f) => f.name)).toEqual(["a"]);
    expect(parseExpositionText("a 1\nb 2").map((s) => [s.name, s.value])).toEqual([["a", "1"], ["b", "2"]]);
  });

  it("does not touch a comma-space inside a quoted label value, and unescapes \\\" \\\\ \\n", () => {
    const [s] = parseExpositionText('x{path="a, b=\\"c\\"", dir="C:\\\\tmp", msg="two\\nlines"} 1\n');
    expect(s!.labels).toEqual({ path: 'a, b="c"', dir: "C:\\tmp", msg: "two\nlines" });
  });

  it("reads CRLF bodies, tabs, timestamps, trailing commas and NaN/Inf (the mapping decides about those)", () => {
    const samples = parseExpositionText('a{x="1",} 1.5 1700000000000\r\nb\t+Inf\r\nc NaN\r\n');
    expect(samples.map((s) => [s.name, s.value])).toEqual([["a", "1.5"], ["b", "+Inf"], ["c", "NaN"]]);
  });

  it("rejects garbage, naming the line number of the first bad line and counting all of them", () => {
    const body = ["# HELP ok fine", "ok 1", "this is not a metric", "ok 2", 'half{gpu="0" 3', "ok 3"].join("\n");
    const e = thrown(() => parseExpositionText(body));
    expect(e.code).toBe("BAD_INPUT");
    expect(e.message).toMatch(/^Prometheus text, line 3: the value is not a number/);
    expect(e.message).toContain("(2 bad lines in all)");
    expect(e.details.issues?.map((i) => i.field)).toEqual(["line 3", "line 5"]);
  });

  it.each([
    ['x{a="b"}', "no value"],
    ['x{a="b} 1', "unterminated label value"],
    ["x 1 2 3", "more than a value and a timestamp"],
    ["x 1 soon", "the timestamp is not an integer"],
    ['{a="b"} 1', "no metric name"],
    ["9lives 1", "the metric name has characters a metric name cannot have"],
    ['x{a-b="c"} 1', "a label name has characters a label name cannot have"],
  ])("rejects %s (%s)", (line, why) => {
    const e = thrown(() => parseExpositionText(`ok 1\n${line}\n`));
    expect(e.message).toContain("line 2");
    expect(e.message).toContain(why);
  });

  it("rejects an HTML body, by its first character or by its content type", () => {
    expect(looksLikeHtml("  <!DOCTYPE html><html>…")).toBe(true);
    expect(looksLikeHtml("up 1", "text/html; charset=utf-8")).toBe(true);
    expect(looksLikeHtml("up 1", "text/plain; version=0.0.4")).toBe(false);
    const e = thrown(() => parseExpositionText("<html><body>Grafana login</body></html>"));
    expect(e.code).toBe("BAD_INPUT");
    expect(e.message).toContain("HTML");
  });
});

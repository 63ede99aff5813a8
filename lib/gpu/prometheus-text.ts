import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { AppError, type FieldIssue } from "@/lib/errors";

// Prometheus text exposition format (version 0.0.4) → flat list of samples with line numbers.
//
// parse-prometheus-text-format tokenises each sample line (names, quoted and escaped label values,
// value, timestamp). Used on the whole body it fails on the real samples, so we feed it one line
// at a time and check what it returns:
//  - it rejects `{gpu="0", UUID="GPU-…"}`: after a comma it does not skip spaces, and dcgm-exporter
//    writes exactly that, so whitespace after a comma (outside quotes) is removed first;
//  - it accepts garbage ("this is garbage" parses as metric "this" with value "is"), reports no line
//    numbers and silently drops the last line of a body without a trailing newline, so we validate
//    name, label names, value and timestamp ourselves and keep the line number;
//  - it reshapes TYPE'd histograms into bucket maps and loses their other labels (model_name):
//    fed a line at a time, with no TYPE line, every sample comes back as written.
// `# HELP` / `# TYPE` and other comment lines are skipped: the mapping knows which names it wants.

export interface MetricSample {
  name: string;
  labels: Readonly<Record<string, string>>;
  /** The value exactly as written ("67.351000", "9223372036854775794", "NaN"): big counters and
   *  DCGM sentinels survive, and the mapping decides how to read each metric. */
  value: string;
  /** Where the sample came from, for error messages: "line 12" or "DCGM_FI_DEV_GPU_UTIL at 2025-…". */
  where: string;
}

export interface ExpositionSample extends MetricSample {
  /** 1-based line number in the body. */
  line: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// What Go's strconv.ParseFloat (used by Prometheus) accepts, less hex floats and underscores.
const FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;
const TIMESTAMP_MS = /^-?\d+$/;
const MAX_ISSUES = 10;

/** A body that is an HTML page (a login page, a proxy's 404, a dashboard) rather than metrics. */
export function looksLikeHtml(body: string, contentType?: string | null): boolean {
  if (contentType && /\btext\/html\b/i.test(contentType)) return true;
  return body.trimStart().startsWith("<");
}

/**
 * Parse a whole exposition body. Throws BAD_INPUT for an HTML body, or naming the first bad
 * lines ("line 3: …") when any line is not a comment, a blank or a valid sample.
 */
export function parseExpositionText(body: string, options: { contentType?: string | null } = {}): ExpositionSample[] {
  if (looksLikeHtml(body, options.contentType)) {
    throw new AppError("BAD_INPUT", "Prometheus text: got an HTML page, not metrics (check the URL: dcgm-exporter serves :9400/metrics, vLLM :8000/metrics)", {
      issues: [{ field: "body", message: "HTML, not Prometheus text" }],
    });
  }
  const samples: ExpositionSample[] = [];
  const issues: FieldIssue[] = [];
  let badLines = 0;
  // Messages name the line and the problem but never quote the body: the target's text must not
  // reach the UI through an error (read-back of whatever the URL serves).
  const lines = body.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim(); // also drops the \r of CRLF bodies
    if (text === "" || text.startsWith("#")) continue;
    const parsed = parseSampleLine(text);
    if (typeof parsed === "string") {
      badLines++;
      if (issues.length < MAX_ISSUES) issues.push({ field: `line ${i + 1}`, message: parsed });
      continue;
    }
    samples.push({ ...parsed, line: i + 1, where: `line ${i + 1}` });
  }
  if (issues.length > 0) {
    const first = issues[0]!;
    const more = badLines > 1 ? ` (${badLines} bad lines in all)` : "";
    throw new AppError("BAD_INPUT", `Prometheus text, ${first.field}: ${first.message}${more}`, { issues, badLines });
  }
  return samples;
}

/** One sample line → its parts, or a string saying what is wrong with it. */
function parseSampleLine(text: string): { name: string; labels: Record<string, string>; value: string } | string {
  const split = splitSeriesAndRest(text);
  if (typeof split === "string") return split;
  const name = split.series.split("{")[0]!;
  if (!METRIC_NAME.test(name)) return name ? "the metric name has characters a metric name cannot have" : "no metric name";
  const rest = split.rest.trim().split(/[ \t]+/).filter(Boolean);
  if (rest.length === 0) return "no value";
  if (!FLOAT.test(rest[0]!)) return "the value is not a number";
  if (rest.length > 2) return "more than a value and a timestamp after the series";
  if (rest[1] !== undefined && !TIMESTAMP_MS.test(rest[1])) return "the timestamp is not an integer (ms)";

  let families;
  try {
    families = parsePrometheusTextFormat(`${split.series} ${rest.join(" ")}\n`);
  } catch {
    return "not a sample line";
  }
  const family = families[0];
  const sample = family?.metrics[0];
  if (!family || !sample || sample.value === undefined) return "not a sample line";
  const labels = sample.labels ?? {};
  for (const label of Object.keys(labels)) {
    if (!LABEL_NAME.test(label)) return "a label name has characters a label name cannot have";
  }
  return { name: family.name, labels, value: sample.value };
}

/**
 * Find where the series (name and optional {label set}) ends, quote-aware, and drop whitespace
 * after commas inside the label set (the only normalisation the library needs, see top).
 */
function splitSeriesAndRest(text: string): { series: string; rest: string } | string {
  const brace = text.search(/[{ \t]/);
  if (brace === -1) return "no value";
  if (text[brace] !== "{") return { series: text.slice(0, brace), rest: text.slice(brace) };
  let series = text.slice(0, brace + 1);
  let inQuote = false;
  let afterComma = false;
  for (let c = brace + 1; c < text.length; c++) {
    const ch = text[c]!;
    if (inQuote) {
      series += ch;
      if (ch === "\\") {
        series += text[c + 1] ?? "";
        c++;
      } else if (ch === '"') inQuote = false;
      continue;
    }
    if (afterComma && (ch === " " || ch === "\t")) continue;
    afterComma = ch === ",";
    series += ch;
    if (ch === '"') inQuote = true;
    else if (ch === "}") return { series, rest: text.slice(c + 1) };
  }
  return inQuote ? "unterminated label value" : "label set not closed with }";
}

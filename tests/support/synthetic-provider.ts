import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Decimal } from "decimal.js";

// A local OpenAI / Anthropic billing API that answers ANY window, page by page, with data generated
// from the day, project and model (so a 13-month backfill needs no fixture files). The same
// generator gives the expected totals, written here independently of the app's parsers.
// Response shapes follow tests/fixtures/providers/README.md. `pageSize` below the client's `limit`
// makes the server split a window into several pages, as the real APIs may.

const DAY = 86_400;

export interface SyntheticOptions {
  projects: number;
  models: number;
  /** Buckets per page the server is willing to return (the smaller of this and the request's `limit`). */
  pageSize?: number;
  /**
   * The account's "today": days from here on are empty buckets. A test that pins its clock sets this, so a
   * job that runs on the real clock (the workers' hourly sync) finds nothing after the test's today to add.
   */
  until?: Date;
}

export interface SyntheticDay {
  day: string;
  project: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  requests: number;
  /** Dollars of input and output, exact decimals. */
  inputCost: Decimal;
  outputCost: Decimal;
}

export const syntheticProject = (provider: "openai" | "anthropic", p: number) => (provider === "openai" ? `proj_${String(p).padStart(3, "0")}` : `wrkspc_${String(p).padStart(3, "0")}`);
export const syntheticModel = (provider: "openai" | "anthropic", m: number) => (provider === "openai" ? `gpt-synth-${m}` : `claude-synth-${m}`);

/** The generator: one row per day × project × model, deterministic. Prices: $2.50 / $10 per 1M tokens. */
export function syntheticRow(provider: "openai" | "anthropic", dayStartSeconds: number, p: number, m: number): SyntheticDay {
  const d = Math.floor(dayStartSeconds / DAY);
  const inputTokens = 1000 + ((d * 7 + p * 13 + m * 31) % 997) * 10;
  const outputTokens = 500 + ((d * 11 + p * 17 + m * 19) % 991) * 5;
  const cachedInputTokens = ((d + p + m) % 3) * 100;
  return {
    day: new Date(dayStartSeconds * 1000).toISOString().slice(0, 10),
    project: syntheticProject(provider, p),
    model: syntheticModel(provider, m),
    inputTokens,
    outputTokens,
    cachedInputTokens,
    requests: 10 + ((d + p + m) % 50),
    inputCost: new Decimal(inputTokens).times("2.5").div(1_000_000),
    outputCost: new Decimal(outputTokens).times(10).div(1_000_000),
  };
}

export function syntheticRows(provider: "openai" | "anthropic", opts: SyntheticOptions, from: Date, to: Date): SyntheticDay[] {
  const rows: SyntheticDay[] = [];
  const end = Math.min(to.getTime(), opts.until?.getTime() ?? Infinity) / 1000;
  for (let s = Math.floor(from.getTime() / 1000); s < end; s += DAY) {
    for (let p = 0; p < opts.projects; p++) for (let m = 0; m < opts.models; m++) rows.push(syntheticRow(provider, s, p, m));
  }
  return rows;
}

/** Total dollars of [from, to) as the provider bills them. */
export function syntheticCostTotal(provider: "openai" | "anthropic", opts: SyntheticOptions, from: Date, to: Date): Decimal {
  return syntheticRows(provider, opts, from, to).reduce((t, r) => t.plus(r.inputCost).plus(r.outputCost), new Decimal(0));
}

export interface HeldRequest {
  /** Resolves when a matching request arrives; it is then left unanswered until release(). */
  arrived: Promise<void>;
  release(): void;
}

export interface SyntheticProvider {
  baseUrl: string;
  requests: { method: string; path: string; query: URLSearchParams }[];
  /** Leave the first request matching `predicate` unanswered (to kill a worker while it waits). */
  hold(predicate: (path: string, query: URLSearchParams) => boolean): HeldRequest;
  close(): Promise<void>;
}

export async function startSyntheticProvider(provider: "openai" | "anthropic", opts: SyntheticOptions): Promise<SyntheticProvider> {
  const requests: SyntheticProvider["requests"] = [];
  const holds: { predicate: (path: string, q: URLSearchParams) => boolean; arrived: () => void; waiting: Promise<void>; used: boolean }[] = [];

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://synthetic.invalid");
    requests.push({ method: req.method ?? "GET", path: url.pathname, query: url.searchParams });
    const hold = holds.find((h) => !h.used && h.predicate(url.pathname, url.searchParams));
    if (hold) {
      hold.used = true;
      hold.arrived();
      await hold.waiting;
    }
    if (res.destroyed) return;
    const body = provider === "openai" ? openAiPage(url, opts) : anthropicPage(url, opts);
    res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(body ?? { error: { message: `synthetic provider: no route ${url.pathname}` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const releases: (() => void)[] = [];

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    hold(predicate) {
      let arrived!: () => void;
      let release!: () => void;
      const arrivedP = new Promise<void>((r) => (arrived = r));
      const waiting = new Promise<void>((r) => (release = r));
      releases.push(release);
      holds.push({ predicate, arrived, waiting, used: false });
      return { arrived: arrivedP, release };
    },
    close() {
      for (const r of releases) r();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

/** Bucket starts of [start, end) for this page: the cursor is the next bucket's start in seconds. */
function pageOfBuckets(start: number, end: number, url: URL, opts: SyntheticOptions) {
  const limit = Math.min(Number(url.searchParams.get("limit") ?? 7), opts.pageSize ?? Infinity);
  const from = url.searchParams.get("page") ? Number(url.searchParams.get("page")!.replace(/^page_/, "")) : start;
  const starts: number[] = [];
  for (let s = from; s < end && starts.length < limit; s += DAY) starts.push(s);
  const next = starts.length ? starts[starts.length - 1]! + DAY : end;
  return { starts, hasMore: next < end, next: `page_${next}` };
}

function openAiPage(url: URL, opts: SyntheticOptions): unknown {
  const start = Number(url.searchParams.get("start_time"));
  const end = Number(url.searchParams.get("end_time"));
  const { starts, hasMore, next } = pageOfBuckets(start, end, url, opts);
  const bucket = (s: number, results: unknown[]) => ({ object: "bucket", start_time: s, end_time: s + DAY, results });
  const all = (s: number) => syntheticRows("openai", opts, new Date(s * 1000), new Date((s + DAY) * 1000));
  let data: unknown[];
  if (url.pathname === "/v1/organization/costs") {
    data = starts.map((s) =>
      bucket(
        s,
        all(s).flatMap((r) => [
          { object: "organization.costs.result", amount: { value: Number(r.inputCost.toString()), currency: "usd" }, line_item: `${r.model}, input`, project_id: r.project, api_key_id: null, quantity: r.inputTokens, quantity_unit: "tokens" },
          { object: "organization.costs.result", amount: { value: Number(r.outputCost.toString()), currency: "usd" }, line_item: `${r.model}, output`, project_id: r.project, api_key_id: null, quantity: r.outputTokens, quantity_unit: "tokens" },
        ]),
      ),
    );
  } else if (url.pathname === "/v1/organization/usage/completions") {
    data = starts.map((s) =>
      bucket(
        s,
        all(s).map((r) => ({
          object: "organization.usage.completions.result",
          input_tokens: r.inputTokens + r.cachedInputTokens,
          output_tokens: r.outputTokens,
          input_cached_tokens: r.cachedInputTokens,
          input_cache_write_tokens: 0,
          input_uncached_tokens: r.inputTokens,
          num_model_requests: r.requests,
          project_id: r.project,
          model: r.model,
          user_id: null,
          api_key_id: null,
        })),
      ),
    );
  } else if (url.pathname.startsWith("/v1/organization/usage/")) {
    data = starts.map((s) => bucket(s, [])); // no embeddings, images, … in this org
  } else {
    return null;
  }
  return { object: "page", data, has_more: hasMore, next_page: hasMore ? next : null };
}

function anthropicPage(url: URL, opts: SyntheticOptions): unknown {
  const start = Date.parse(url.searchParams.get("starting_at") ?? "") / 1000;
  const end = Date.parse(url.searchParams.get("ending_at") ?? "") / 1000;
  const { starts, hasMore, next } = pageOfBuckets(start, end, url, opts);
  const iso = (s: number) => new Date(s * 1000).toISOString().replace(/\.000Z$/, "Z");
  const all = (s: number) => syntheticRows("anthropic", opts, new Date(s * 1000), new Date((s + DAY) * 1000));
  const cents = (d: Decimal) => d.times(100).toString();
  let results: (s: number) => unknown[];
  if (url.pathname === "/v1/organizations/cost_report") {
    results = (s) =>
      all(s).flatMap((r) => [
        { amount: cents(r.inputCost), currency: "USD", cost_type: "tokens", description: `${r.model} Usage - Input Tokens`, model: r.model, token_type: "uncached_input_tokens", service_tier: "standard", context_window: "0-200k", workspace_id: r.project },
        { amount: cents(r.outputCost), currency: "USD", cost_type: "tokens", description: `${r.model} Usage - Output Tokens`, model: r.model, token_type: "output_tokens", service_tier: "standard", context_window: "0-200k", workspace_id: r.project },
      ]);
  } else if (url.pathname === "/v1/organizations/usage_report/messages") {
    results = (s) =>
      all(s).map((r) => ({
        uncached_input_tokens: r.inputTokens,
        cache_read_input_tokens: r.cachedInputTokens,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
        output_tokens: r.outputTokens,
        server_tool_use: { web_search_requests: 0 },
        model: r.model,
        workspace_id: r.project,
        api_key_id: null,
        service_tier: null,
        context_window: null,
      }));
  } else {
    return null;
  }
  return { data: starts.map((s) => ({ starting_at: iso(s), ending_at: iso(s + DAY), results: results(s) })), has_more: hasMore, next_page: hasMore ? next : null };
}

import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

// A real HTTP server on 127.0.0.1 that plays scripted responses, so provider clients are tested
// through their actual fetch, headers, time-outs and paging rather than a mocked fetch.

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is (so malformed JSON can be served); anything else is JSON-encoded. */
  body?: unknown;
  /** Wait this long before answering (to provoke client time-outs). */
  delayMs?: number;
}

export interface RequestMatcher {
  method?: string;
  path: string;
  /** Each key must have exactly this value; `null` means the key must be absent. */
  query?: Record<string, string | null>;
}

export interface RecordedRequest {
  method: string;
  /** Raw request target as sent, e.g. "/v1/organization/costs?start_time=…&group_by=project_id". */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

interface Route {
  matcher: RequestMatcher;
  responses: ScriptedResponse[];
  served: number;
}

export interface FixtureServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Script a route: successive matching requests get successive responses; the last one repeats. */
  on(matcher: RequestMatcher, ...responses: ScriptedResponse[]): void;
  close(): Promise<void>;
}

const FIXTURE_DIR = fileURLToPath(new URL("../fixtures/providers/", import.meta.url));

/** A provider fixture's text exactly as stored (tests/fixtures/providers/<name>). */
export function fixtureText(name: string): string {
  return readFileSync(FIXTURE_DIR + name, "utf8");
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name));
}

function matches(m: RequestMatcher, method: string, path: string, query: URLSearchParams): boolean {
  if (m.method && m.method.toUpperCase() !== method) return false;
  if (m.path !== path) return false;
  for (const [key, want] of Object.entries(m.query ?? {})) {
    if (want === null ? query.has(key) : query.get(key) !== want) return false;
  }
  return true;
}

function send(res: ServerResponse, r: ScriptedResponse): void {
  if (res.destroyed || res.writableEnded) return; // the client gave up (time-out): nothing to answer
  const body = r.body === undefined ? "" : typeof r.body === "string" ? r.body : JSON.stringify(r.body);
  res.writeHead(r.status ?? 200, { "content-type": "application/json", ...r.headers });
  res.end(body);
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const routes: Route[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const parsed = new URL(url, "http://fixture.invalid");
    const method = req.method ?? "GET";
    requests.push({ method, url, path: parsed.pathname, query: parsed.searchParams, headers: req.headers });

    const route = routes.find((r) => matches(r.matcher, method, parsed.pathname, parsed.searchParams));
    const scripted: ScriptedResponse = route
      ? route.responses[Math.min(route.served++, route.responses.length - 1)]!
      : { status: 404, body: { error: { message: `fixture server: no route for ${method} ${url}` } } };

    if (!scripted.delayMs) return send(res, scripted);
    const timer = setTimeout(() => {
      timers.delete(timer);
      send(res, scripted);
    }, scripted.delayMs);
    timers.add(timer);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    on(matcher, ...responses) {
      if (responses.length === 0) throw new Error("fixture server: a route needs at least one response");
      routes.push({ matcher, responses, served: 0 });
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      // Keep-alive sockets from fetch would hold close() open: end them explicitly.
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

import http from "node:http";
import type { AddressInfo } from "node:net";

// A real HTTP server on 127.0.0.1 (port 0) for the GPU tests: no fetch mocks, the scraper talks
// TCP to it like it talks to dcgm-exporter or vLLM.

/** The allow-list the scrape tests pass: their server is on 127.0.0.1, which the guard refuses otherwise. */
export const LOCAL = ["127.0.0.1"];

export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface LocalServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export async function startLocalServer(handler: Handler): Promise<LocalServer> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
    Promise.resolve(handler(req, res)).catch((e: unknown) => {
      res.statusCode = 500;
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** One scripted answer: a metrics body, or a failure such as 503. */
export interface ScriptedAnswer {
  status?: number;
  contentType?: string;
  body: string;
}

/**
 * Plays back a script per path: the n-th request to a path gets that path's n-th answer, the way a
 * real exporter gives a new page at each scrape. Past the end of a script: 410, so a test that
 * scrapes too often fails loudly.
 */
export function playback(scripts: Record<string, ScriptedAnswer[]>): Handler {
  const next = new Map<string, number>();
  return (req, res) => {
    const path = (req.url ?? "").split("?")[0]!;
    const script = scripts[path];
    const i = next.get(path) ?? 0;
    next.set(path, i + 1);
    const answer = script?.[i];
    if (!answer) {
      res.writeHead(script ? 410 : 404, { "content-type": "text/plain" }).end("no such scripted answer");
      return;
    }
    res.writeHead(answer.status ?? 200, { "content-type": answer.contentType ?? "text/plain; version=0.0.4; charset=utf-8" }).end(answer.body);
  };
}

/**
 * An endless metrics page: writes valid lines in 64 KiB chunks until `totalBytes` or until the
 * client hangs up. `stats` says how much was written and whether the client aborted.
 */
export function endlessBody(totalBytes: number): { handler: Handler; stats: { bytesWritten: number; clientAborted: boolean; finished: boolean }; closed: Promise<void> } {
  const stats = { bytesWritten: 0, clientAborted: false, finished: false };
  // Resolves once the server has seen the exchange end (hang-up or full body). The client's error
  // can reach the test before the server's 'close' event does, so assertions on stats await this.
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const line = 'DCGM_FI_DEV_GPU_TEMP{gpu="0",UUID="GPU-x"} 42\n';
  const chunk = line.repeat(Math.ceil(65536 / line.length));
  const handler: Handler = async (_req, res) => {
    res.on("close", () => {
      if (!res.writableFinished) stats.clientAborted = true;
      markClosed();
    });
    res.writeHead(res.statusCode, { "content-type": "text/plain; version=0.0.4" }); // 200 unless the test set another
    while (stats.bytesWritten < totalBytes && !res.destroyed) {
      stats.bytesWritten += chunk.length;
      if (!res.write(chunk)) await new Promise((r) => res.once("drain", r).once("close", r));
    }
    if (!res.destroyed) {
      res.end();
      stats.finished = true;
    }
  };
  return { handler, stats, closed };
}

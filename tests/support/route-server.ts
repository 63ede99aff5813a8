import http from "node:http";
import type { AddressInfo } from "node:net";

// A real HTTP server on 127.0.0.1 in front of one App Router route handler, so clients that speak
// HTTP themselves (the OpenTelemetry SDK's OTLP exporters, bench/otlp.ts) reach the real handler
// without a `next build`. Every response is recorded for the test to read.

export interface RecordedResponse { status: number; contentType: string | null; body: Buffer }
export interface RouteServer { url: string; responses: RecordedResponse[]; close(): Promise<void> }

export async function serveRoute(handler: (req: Request) => Promise<Response>): Promise<RouteServer> {
  const responses: RecordedResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const body = Buffer.concat(chunks);
      const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: req.method === "GET" || req.method === "HEAD" ? undefined : body });
      try {
        const response = await handler(request);
        const out = Buffer.from(await response.arrayBuffer());
        responses.push({ status: response.status, contentType: response.headers.get("content-type"), body: out });
        res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
        res.end(out);
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    responses,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A real HTTP server on 127.0.0.1 for safe-fetch tests (no fetch mocks). Records every request it saw.

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
}

export interface LocalServer {
  /** "http://127.0.0.1:<port>" (or the host it listens on) */
  origin: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** host: 127.0.0.1 by default; the SSRF tests also listen on 127.0.0.2 and ::1 (both loopback). */
export async function startLocalServer(handler: (req: IncomingMessage, res: ServerResponse) => void, host = "127.0.0.1"): Promise<LocalServer> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

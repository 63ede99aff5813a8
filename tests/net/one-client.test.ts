import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every outbound request of the product goes through lib/net/safe-fetch.ts. This test reads every
// source file of lib/ and workers/ and fails on any other way to open an HTTP connection: a call of
// global fetch, node:http/https/http2, undici, raw sockets, or an HTTP client package.

const ROOT = path.resolve(__dirname, "../..");
const THE_CLIENT = "lib/net/safe-fetch.ts";

const FORBIDDEN: ReadonlyArray<{ what: string; pattern: RegExp }> = [
  { what: "a fetch( call", pattern: /(^|[^\w$])fetch\s*\(/ },
  { what: "node:http / node:https / node:http2", pattern: /(from\s*|require\(\s*|import\(\s*)["'](node:)?(http|https|http2)["']/ },
  { what: "http.request / http.get", pattern: /\bhttps?\.(request|get)\s*\(/ },
  { what: "undici", pattern: /undici/ },
  { what: "raw sockets", pattern: /\b(net|tls)\.(connect|createConnection)\s*\(|new\s+(net\.)?Socket\s*\(|(from\s*|require\(\s*)["'](node:)?(tls|dgram)["']/ },
  { what: "an HTTP client package", pattern: /from ["'](axios|got|node-fetch|cross-fetch|ky|superagent|request)["']/ },
  { what: "XMLHttpRequest / WebSocket", pattern: /\b(XMLHttpRequest|WebSocket)\b/ },
];

/** Code only: comments may mention fetch(. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

export function findOutboundCalls(source: string): string[] {
  const code = stripComments(source);
  return FORBIDDEN.filter(({ pattern }) => pattern.test(code)).map(({ what }) => what);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" || name === "node_modules" ? [] : sourceFiles(full);
    return /\.(ts|tsx|mts|cts|js|mjs)$/.test(name) ? [full] : [];
  });
}

describe("one outbound client", () => {
  it("the detector catches each way of opening a connection (so the scan below can fail)", () => {
    expect(findOutboundCalls('const r = await fetch(url, { redirect: "follow" });')).toEqual(["a fetch( call"]);
    expect(findOutboundCalls("const r = await globalThis.fetch(url);")).toEqual(["a fetch( call"]);
    expect(findOutboundCalls('import http from "node:http";\nhttp.request(u);')).toEqual(["node:http / node:https / node:http2", "http.request / http.get"]);
    expect(findOutboundCalls('import { request } from "undici";')).toEqual(["undici"]);
    expect(findOutboundCalls('import net from "node:net"; net.connect(80, "10.0.0.1");')).toEqual(["raw sockets"]);
    expect(findOutboundCalls('import tls from "node:tls";')).toEqual(["raw sockets"]);
    expect(findOutboundCalls('import axios from "axios";')).toEqual(["an HTTP client package"]);
    // the guarded client's own name and comments are fine
    expect(findOutboundCalls("// we never call fetch( here\nawait safeFetch(url, options);")).toEqual([]);
  });

  it("nothing in lib/ or workers/ but lib/net/safe-fetch.ts opens an outbound connection", () => {
    const files = [...sourceFiles(path.join(ROOT, "lib")), ...sourceFiles(path.join(ROOT, "workers"))];
    expect(files.length).toBeGreaterThan(50);
    const offenders = files
      .map((file) => ({ file: path.relative(ROOT, file), found: findOutboundCalls(readFileSync(file, "utf8")) }))
      .filter(({ file, found }) => file !== THE_CLIENT && found.length > 0);
    expect(offenders).toEqual([]);
  });

  it("the guarded client itself is where the connection is opened", () => {
    expect(findOutboundCalls(readFileSync(path.join(ROOT, THE_CLIENT), "utf8"))).toContain("node:http / node:https / node:http2");
  });
});

import { describe, expect, it } from "vitest";
import { assertSameOriginRequest } from "@/lib/http/csrf";
import { thrown } from "../support/app-error";

const APP = "https://breakeven.example.com";
const req = (method: string, headers: Record<string, string>, url = `${APP}/api/orgs/acme/api-tokens`) => new Request(url, { method, headers });
const JSON_SAME = { origin: APP, "content-type": "application/json" };

describe("CSRF: state-changing requests must be ours", () => {
  it("lets safe methods through whatever their origin", () => {
    for (const m of ["GET", "HEAD", "OPTIONS"]) expect(() => assertSameOriginRequest(req(m, { origin: "https://evil.example" }), APP)).not.toThrow();
  });

  it("accepts a same-origin JSON POST, PUT, PATCH and a same-origin DELETE", () => {
    for (const m of ["POST", "PUT", "PATCH"]) expect(() => assertSameOriginRequest(req(m, JSON_SAME), APP)).not.toThrow();
    expect(() => assertSameOriginRequest(req("DELETE", { origin: APP }), APP)).not.toThrow();
    expect(() => assertSameOriginRequest(req("POST", { "sec-fetch-site": "same-origin", "content-type": "application/json; charset=utf-8" }), APP)).not.toThrow();
  });

  it("accepts the request's own origin too (the app reached by another name than APP_URL)", () => {
    expect(() => assertSameOriginRequest(req("POST", { origin: "http://10.1.2.3:3000", "content-type": "application/json" }, "http://10.1.2.3:3000/api/x"), APP)).not.toThrow();
  });

  it.each([
    ["another site's Origin", { origin: "https://evil.example", "content-type": "application/json" }, "cross-origin"],
    ["a sibling subdomain", { origin: "https://evil.breakeven.example.com", "content-type": "application/json" }, "cross-origin"],
    ["another scheme of our host", { origin: "http://breakeven.example.com", "content-type": "application/json" }, "cross-origin"],
    ["Origin null (sandboxed frame, data: URL)", { origin: "null", "content-type": "application/json" }, "cross-origin"],
    ["no Origin and Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site", "content-type": "application/json" }, "cross-origin"],
    ["no Origin and Sec-Fetch-Site same-site", { "sec-fetch-site": "same-site", "content-type": "application/json" }, "cross-origin"],
    ["neither header", { "content-type": "application/json" }, "no-origin"],
  ])("refuses %s with 403", (_what, headers, reason) => {
    const e = thrown(() => assertSameOriginRequest(req("POST", headers), APP));
    expect(e.code).toBe("FORBIDDEN");
    expect(e.details.reason).toBe(reason);
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""])("refuses a same-origin POST of %j: JSON only", (type) => {
    const e = thrown(() => assertSameOriginRequest(req("POST", { origin: APP, ...(type ? { "content-type": type } : {}) }), APP));
    expect(e.code).toBe("BAD_INPUT");
    expect(e.details.issues).toEqual([{ field: "Content-Type", message: "must be application/json" }]);
  });

  it("an upload route takes a file body from our origin, and still refuses one from elsewhere", () => {
    for (const type of ["text/csv", "text/plain", "multipart/form-data; boundary=x", "application/json"]) {
      expect(() => assertSameOriginRequest(req("POST", { origin: APP, "content-type": type }), APP, "upload")).not.toThrow();
    }
    expect(thrown(() => assertSameOriginRequest(req("POST", { origin: "https://evil.example", "content-type": "text/csv" }), APP, "upload")).code).toBe("FORBIDDEN");
    expect(thrown(() => assertSameOriginRequest(req("POST", { origin: APP, "content-type": "application/x-www-form-urlencoded" }), APP, "upload")).code).toBe("BAD_INPUT");
  });
});

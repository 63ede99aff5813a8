import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeFetch, type SafeFetchResult } from "@/lib/net/safe-fetch";
import { describeDocumentChange, fingerprintDocument, type DocumentFingerprint } from "@/lib/terms/change";
import { startLocalServer, type LocalServer } from "../net/local-server";

// The document-watch pipeline end to end, minus the database: real Open Terms Archive versions served by a
// real HTTP server on 127.0.0.1 (allow-listed), fetched with safeFetch, extracted, normalised, hashed, diffed
// and classified.

const fixture = (name: string) => readFileSync(new URL(`../fixtures/terms/${name}`, import.meta.url), "utf8");

interface Served {
  body: string;
  contentType: string;
  etags: boolean;
}
const served = new Map<string, Served>();
let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const doc = served.get(req.url ?? "");
    if (!doc) return void res.writeHead(404).end();
    const etag = `"${createHash("sha1").update(doc.body).digest("hex")}"`;
    if (doc.etags && req.headers["if-none-match"] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { "content-type": doc.contentType, ...(doc.etags ? { etag } : {}) }).end(doc.body);
  });
});
afterAll(() => server.close());

const options = { userAgent: "BreakevenTest/1.0", allowList: ["127.0.0.1"], timeoutMs: 5_000 };
function serve(path: string, body: string, contentType = "text/markdown; charset=utf-8", etags = true) {
  served.set(path, { body, contentType, etags });
}
async function fetchFingerprint(path: string, previous?: { etag: string | null; fp: DocumentFingerprint }): Promise<{ res: SafeFetchResult; fp: DocumentFingerprint }> {
  const res = await safeFetch(`${server.origin}${path}`, { ...options, etag: previous?.etag });
  if (res.notModified) return { res, fp: previous!.fp }; // 304: the stored version stands
  expect(res.status).toBe(200);
  return { res, fp: fingerprintDocument(res.body, { contentType: res.contentType }) };
}

describe("OpenAI Terms of Use, 2023-10-16 → 2023-11-14 (new terms for individuals)", () => {
  it("changes the hash, shows the training and opt-out sentences, and rates it CRITICAL", async () => {
    serve("/openai/terms-of-use", fixture("openai-terms-of-use.2023-10-16T1230Z.a1da2dc.md"));
    const oct = await fetchFingerprint("/openai/terms-of-use");
    serve("/openai/terms-of-use", fixture("openai-terms-of-use.2023-11-14T1830Z.d9d49b2.md"));
    const nov = await fetchFingerprint("/openai/terms-of-use", { etag: oct.res.etag, fp: oct.fp });

    expect(nov.res.notModified).toBe(false);
    expect(nov.fp.hash).not.toBe(oct.fp.hash);
    expect(nov.fp.hash).toMatch(/^[0-9a-f]{64}$/);

    const change = describeDocumentChange(oct.fp.text, nov.fp.text);
    expect(change.diff).toContainEqual({ op: "removed", text: 'We do not use Content that you provide to or receive from our API ("API Content") to develop or improve our Services.' });
    expect(change.diff).toContainEqual({
      op: "added",
      text: "If you do not want us to use your Content to train our models, you can opt out by following the instructions in [this Help Center article](https://help.openai.com/en/articles/5722486-how-your-data-is-used-to-improve-model-performance).",
    });
    expect(change.diff).toContainEqual({ op: "added", text: "Effective: December 14, 2023 ([previous version](https://openai.com/policies/mar-2023-terms))" });
    // the "UpdatedMarch 14, 2023" / "UpdatedNovember 14, 2023" stamp lines are noise, not a change
    expect(change.diff.some((e) => /^Updated/.test(e.text))).toBe(false);
    expect(change.severity).toBe("CRITICAL");
    expect(change.matchedRules[0]).toMatchObject({ rule: "training-on-customer-data", severity: "CRITICAL" });
    // 374 changed sentences: the stored diff is capped, the severity was computed on all of them
    expect(change.diff).toHaveLength(300);
    expect(change.omitted).toBe(74);
  });

  it("re-fetching the same version gives 304 via ETag, and the same hash", async () => {
    serve("/openai/terms-of-use", fixture("openai-terms-of-use.2023-11-14T1830Z.d9d49b2.md"));
    const first = await fetchFingerprint("/openai/terms-of-use");
    const again = await fetchFingerprint("/openai/terms-of-use", { etag: first.res.etag, fp: first.fp });
    expect(again.res).toMatchObject({ status: 304, notModified: true });
    expect(again.fp.hash).toBe(first.fp.hash);
  });

  it("a server without ETags answering 200 with the identical text gives the same hash", async () => {
    serve("/no-etag", fixture("openai-terms-of-use.2023-11-14T1830Z.d9d49b2.md"), "text/markdown", false);
    const first = await fetchFingerprint("/no-etag");
    const again = await fetchFingerprint("/no-etag", { etag: first.res.etag, fp: first.fp });
    expect(again.res).toMatchObject({ status: 200, notModified: false, etag: null });
    expect(again.fp.hash).toBe(first.fp.hash);
  });

  it("2023-11-14 → 11-15 fixes one heading: a new hash, a two-line diff, INFO", async () => {
    serve("/openai/terms-of-use", fixture("openai-terms-of-use.2023-11-14T1830Z.d9d49b2.md"));
    const before = await fetchFingerprint("/openai/terms-of-use");
    serve("/openai/terms-of-use", fixture("openai-terms-of-use.2023-11-15T0030Z.ca036b3.md"));
    const after = await fetchFingerprint("/openai/terms-of-use", { etag: before.res.etag, fp: before.fp });
    expect(after.fp.hash).not.toBe(before.fp.hash);
    const change = describeDocumentChange(before.fp.text, after.fp.text);
    expect(change.diff).toEqual([
      { op: "removed", text: "How we are" },
      { op: "added", text: "Who we are" },
    ]);
    expect(change.severity).toBe("INFO");
  });
});

describe("Mistral AI Terms of Use, 2024-06-05 → 2024-08-07 (cloud-provider carve-out, admin accounts)", () => {
  it("diffs the changed sentences and rates it MEDIUM for fees and suspension", async () => {
    serve("/mistral/terms", fixture("mistral-terms-of-use.2024-06-05T1831Z.371be91.md"));
    const june = await fetchFingerprint("/mistral/terms");
    serve("/mistral/terms", fixture("mistral-terms-of-use.2024-08-07T1832Z.e2b03b4.md"));
    const august = await fetchFingerprint("/mistral/terms", { etag: june.res.etag, fp: june.fp });
    expect(august.fp.hash).not.toBe(june.fp.hash);

    const change = describeDocumentChange(june.fp.text, august.fp.text);
    expect(change.diff).toContainEqual({ op: "added", text: "These Terms of Use do not apply to You if You use Our Services via a cloud provider, on such cloud provider's infrastructure." });
    expect(change.diff).toContainEqual({ op: "added", text: "If You are a Professional Customer, we may suspend every Account attached to Your Organization." });
    expect(change.diff).toContainEqual({ op: "removed", text: "* Your breach of this Agreement," });
    expect(change.diff).toContainEqual({ op: "added", text: "* Your breach or Your Authorized User's breach of this Agreement," });
    // The CMAP mediation paragraph only lost a markdown line break: not a change.
    expect(change.diff.some((e) => e.text.includes("european platform for the online settlement of disputes"))).toBe(false);

    expect(change.severity).toBe("MEDIUM");
    expect(change.matchedRules.map((m) => [m.rule, m.severity])).toEqual([
      ["price-and-fees", "MEDIUM"],
      ["termination-suspension", "MEDIUM"],
    ]);
    expect(change.omitted).toBe(0);
  });
});

describe("an HTML page whose only change is cosmetic", () => {
  const page = (opts: { year: number; updated: string; campaign: string; nav: string; build: string }) => `<!doctype html>
<html><head><script>window.__BUILD__="${opts.build}"</script></head><body>
<header><nav><a href="/pricing">${opts.nav}</a></nav></header>
<main>
  <h1>Usage Policy</h1>
  <p>Last updated: ${opts.updated}</p>
  <p>You must not use the API to generate spam.</p>
  <p>Read the <a href="https://vendor.example/faq?utm_campaign=${opts.campaign}">FAQ</a>: https://vendor.example/faq?utm_campaign=${opts.campaign}&amp;id=7</p>
</main>
<footer><p>© ${opts.year} Vendor, Inc.</p></footer>
</body></html>`;

  it("keeps the hash when only the footer year, the updated date, tracking links, nav and scripts change", async () => {
    serve("/vendor/usage", page({ year: 2024, updated: "March 3, 2025", campaign: "spring", nav: "Pricing", build: "a1" }), "text/html; charset=utf-8");
    const v1 = await fetchFingerprint("/vendor/usage");
    serve("/vendor/usage", page({ year: 2025, updated: "April 1, 2025", campaign: "summer", nav: "Plans & pricing", build: "b2" }), "text/html; charset=utf-8");
    const v2 = await fetchFingerprint("/vendor/usage", { etag: v1.res.etag, fp: v1.fp });
    expect(v2.res.notModified).toBe(false); // the bytes did change…
    expect(v2.fp.hash).toBe(v1.fp.hash); // …the document did not
    expect(v1.fp.text).toBe("Usage Policy\n\nYou must not use the API to generate spam.\n\nRead the FAQ: https://vendor.example/faq?id=7");
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractMainText, isHtml } from "@/lib/terms/extract";
import { DEFAULT_WATCHLIST, DOCUMENT_KINDS } from "@/lib/terms/watchlist";

const page = `<!doctype html>
<html><head><title>Terms</title><style>p{color:red}</style><script>window.track()</script></head>
<body>
  <header><a href="/">Vendor</a></header>
  <nav><ul><li>Pricing</li><li>Docs</li></ul></nav>
  <div id="onetrust-banner-sdk">We use cookies. <button>Accept all</button></div>
  <main>
    <h1>Terms of Use</h1>
    <p>These Terms apply to <b>your</b> use of the API.</p>
    <ul><li>Do not resell keys.</li><li>Respect rate limits.</li></ul>
    <section id="cookies"><h2>Cookies</h2><p>We use cookies to keep you signed in.</p></section>
    <aside>Related articles</aside>
    <noscript>Enable JavaScript</noscript>
    <svg><text>logo</text></svg>
    <p>Line one<br>line two</p>
    <table><tr><th>Plan</th><th>Price</th></tr><tr><td>Pro</td><td>$20</td></tr></table>
  </main>
  <footer>© 2024 Vendor Inc.</footer>
</body></html>`;

describe("extractMainText", () => {
  it("keeps the main content as lines and drops page chrome, scripts and the consent banner", () => {
    expect(extractMainText(page, { contentType: "text/html; charset=utf-8" })).toBe(
      [
        "Terms of Use",
        "",
        "These Terms apply to your use of the API.",
        "",
        "- Do not resell keys.",
        "",
        "- Respect rate limits.",
        "",
        "Cookies",
        "",
        "We use cookies to keep you signed in.", // a policy's own section on cookies is content, not a banner
        "",
        "Line one",
        "line two",
        "",
        "Plan | Price |",
        "",
        "Pro | $20 |",
      ].join("\n"),
    );
  });

  it("uses the document's selector when given, as Open Terms Archive declares per document", () => {
    const html = `<html><body><main><div id="privacy-policy"><p>Privacy text.</p></div><div id="terms-of-use"><p>Terms text.</p></div></main></body></html>`;
    expect(extractMainText(html, { selector: "#terms-of-use" })).toBe("Terms text.");
  });

  it("fails loudly when the selector no longer matches (the page was restructured)", () => {
    expect(() => extractMainText("<html><body><p>x</p></body></html>", { selector: "#landings-terms-of-use" })).toThrow(/matched nothing/);
  });

  it("falls back to article, then body", () => {
    expect(extractMainText("<html><body><nav>Menu</nav><article><p>Article text.</p></article><p>Outside.</p></body></html>")).toBe("Article text.");
    expect(extractMainText("<html><body><header>Top</header><p>Only body.</p><footer>Bottom</footer></body></html>")).toBe("Only body.");
  });

  it("passes Open Terms Archive markdown through unchanged", () => {
    const md = readFileSync(new URL("../fixtures/terms/openai-terms-of-use.2023-11-15T0030Z.ca036b3.md", import.meta.url), "utf8");
    expect(isHtml(md, "text/markdown")).toBe(false);
    expect(isHtml(md, null)).toBe(false);
    expect(extractMainText(md, { contentType: "text/markdown; charset=utf-8" })).toBe(md.replace(/\r\n?/g, "\n"));
    expect(isHtml(page, null)).toBe(true);
  });
});

describe("DEFAULT_WATCHLIST", () => {
  it("lists real https pages for OpenAI, Anthropic, Mistral and Google, one row per URL", () => {
    expect(new Set(DEFAULT_WATCHLIST.map((d) => d.vendor))).toEqual(new Set(["openai", "anthropic", "mistral", "google"]));
    expect(new Set(DEFAULT_WATCHLIST.map((d) => d.url)).size).toBe(DEFAULT_WATCHLIST.length);
    for (const d of DEFAULT_WATCHLIST) {
      expect(new URL(d.url).protocol).toBe("https:");
      expect(DOCUMENT_KINDS).toContain(d.kind);
    }
    for (const vendor of ["openai", "anthropic"]) {
      expect(DEFAULT_WATCHLIST.filter((d) => d.vendor === vendor).map((d) => d.kind)).toEqual(expect.arrayContaining(["TERMS", "USAGE_POLICY", "PRIVACY", "PRICING", "DEPRECATIONS"]));
    }
    // the Mistral terms selector is the one in OTA's declaration fixture
    const declaration = JSON.parse(readFileSync(new URL("../fixtures/terms/declaration.Mistral_AI.json", import.meta.url), "utf8"));
    expect(DEFAULT_WATCHLIST.find((d) => d.vendor === "mistral" && d.kind === "TERMS")!.cssSelector).toBe(declaration.documents["Terms of Service"].select[0]);
  });
});

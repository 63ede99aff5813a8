import * as cheerio from "cheerio";
import { AppError } from "@/lib/errors";

// Main text of a vendor document. HTML: the selected part (or main/article/[role=main], else body) without
// page chrome, as plain text with one line per block. Markdown and plain text (e.g. Open Terms Archive
// captures) pass through: they are already the text.

export interface ExtractOptions {
  contentType?: string | null;
  /** CSS selector of the document's own content, as Open Terms Archive declares per document */
  selector?: string | null;
}

// Chrome and non-text: never part of the terms.
const DROP = "script, style, nav, header, footer, aside, noscript, svg, template, iframe, form, [hidden], [aria-hidden=true]";
// Consent banners by the ids/classes of common consent tools; a section id="cookies" in a privacy policy stays.
const COOKIE_BANNER =
  "#onetrust-consent-sdk, #onetrust-banner-sdk, #CybotCookiebotDialog, .cc-window, .osano-cm-window, #truste-consent-track, " +
  "[id*=cookie-banner], [class*=cookie-banner], [id*=cookie-consent], [class*=cookie-consent], [id*=consent-banner], [class*=consent-banner]";
const BLOCKS = new Set([
  "address", "article", "blockquote", "br", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
  "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead",
  "tfoot", "tr", "ul",
]);
const CELLS = new Set(["td", "th"]);

export function isHtml(body: string, contentType?: string | null): boolean {
  if (contentType) return /\b(text\/html|application\/xhtml\+xml)\b/i.test(contentType);
  return /^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(body);
}

/** The document's text with block structure kept as line breaks (not yet normalised). */
export function extractMainText(body: string, options: ExtractOptions = {}): string {
  if (!isHtml(body, options.contentType)) return body.replace(/\r\n?/g, "\n");
  const $ = cheerio.load(body);
  $(DROP).remove();
  $(COOKIE_BANNER).remove();

  let roots = options.selector ? $(options.selector) : $("main, article, [role=main]").first();
  if (options.selector && roots.length === 0) {
    // The page was restructured: better a visible fetch error than a "whole page changed" alert.
    throw new AppError("UPSTREAM_BAD_RESPONSE", `The selector "${options.selector}" matched nothing on the page; update the document's CSS selector`, {
      selector: options.selector,
    });
  }
  if (roots.length === 0) roots = $("body");
  if (roots.length === 0) roots = $.root();

  const out: string[] = [];
  roots.each((_, el) => {
    walk(el as unknown as DomNode, out);
    out.push("\n");
  });
  return out
    .join("")
    .split("\n")
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The slice of cheerio's (domhandler's) node shape the walk reads. */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  children?: DomNode[];
}

function walk(node: DomNode, out: string[]): void {
  if (node.type === "text") {
    out.push((node.data ?? "").replace(/\s+/g, " "));
    return;
  }
  if (node.type !== "tag" && node.type !== "root") return;
  const el = node;
  const name = el.name?.toLowerCase() ?? "";
  if (name === "br") return void out.push("\n");
  const block = BLOCKS.has(name);
  if (block) out.push("\n");
  if (name === "li") out.push("- ");
  for (const child of el.children ?? []) walk(child, out);
  if (CELLS.has(name)) out.push(" | ");
  if (block) out.push("\n");
}

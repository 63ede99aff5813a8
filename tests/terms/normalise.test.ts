import { describe, expect, it } from "vitest";
import { contentHash, normaliseDocumentText } from "@/lib/terms/normalise";

const hash = (text: string) => contentHash(normaliseDocumentText(text));

describe("normaliseDocumentText", () => {
  it("unifies quotes, dashes and odd spaces, and collapses whitespace", () => {
    expect(normaliseDocumentText("You\u2019ll see \u201cServices\u201d \u2014 all\u00a0of  them\u200b.\t \n\n\n\nNext\u2013line  ")).toBe(`You'll see "Services" - all of them.\n\nNext-line`);
  });

  it.each([
    "Last updated: March 3, 2025",
    "Updated March 3, 2025",
    "UpdatedMarch 14, 2023", // how OTA's markdown renders OpenAI's stamp
    "**Last modified on 2025-03-03**",
    "Revised 3 March 2025.",
    "Last reviewed: Mar 3rd, 2025",
    "© 2024 OpenAI",
    "Copyright © 2023-2025 Anthropic PBC. All rights reserved.",
    "Accept all cookies",
    "Cookie settings",
    "We use cookies to improve your experience. Accept all",
  ])("drops the noise line %j", (line) => {
    expect(normaliseDocumentText(`Terms.\n${line}\nMore terms.`)).toBe("Terms.\nMore terms.");
  });

  it.each([
    "**Effective: December 14, 2023**", // when new terms bind: part of the terms
    "We updated these Terms on March 3, 2025 to add a section on data retention.",
    "We use cookies to keep you signed in.",
    "You can accept or reject cookies in your browser settings.",
  ])("keeps the substantive line %j", (line) => {
    expect(normaliseDocumentText(line)).toBe(line.replace(/\u2019/g, "'"));
  });

  it("removes tracking parameters from links and leaves other links byte-for-byte", () => {
    expect(normaliseDocumentText("See [policy](https://vendor.example/policy?utm_source=news&utm_medium=email&lang=en) and https://vendor.example/a?gclid=xyz.")).toBe(
      "See [policy](https://vendor.example/policy?lang=en) and https://vendor.example/a.",
    );
    expect(normaliseDocumentText("See https://openai.com/policies/terms-of-use")).toBe("See https://openai.com/policies/terms-of-use");
  });
});

describe("contentHash", () => {
  it("is the sha256 hex of the text's sentences, one per line", () => {
    expect(contentHash("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); // sha256("abc")
    expect(contentHash("One. Two.")).toBe(contentHash("One.\n\nTwo."));
    expect(contentHash("We **never** train on API data.")).toBe(contentHash("We never train on API data."));
  });

  it("ignores cosmetic churn but not a changed word", () => {
    const v1 = "Terms of use\nLast updated: March 3, 2025\nWe don\u2019t train on API data.\n© 2024 Vendor";
    const v2 = "Terms  of use\n\nUpdated April 1, 2025\nWe don't train on API data.\n\n\n© 2025 Vendor\n";
    const v3 = "Terms of use\nLast updated: April 1, 2025\nWe do train on API data.\n© 2025 Vendor";
    expect(hash(v1)).toBe(hash(v2));
    expect(hash(v1)).not.toBe(hash(v3));
  });
});

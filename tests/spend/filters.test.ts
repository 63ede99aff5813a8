import { describe, expect, it } from "vitest";
import { defaultSpendQuery, monthEndOf, monthStartOf, parseSpendSearchParams, spendSearchParams, splitByMonths, toSearchParams } from "@/lib/spend/filters";
import { isAppError } from "@/lib/errors";

const NOW = new Date("2026-11-24T15:30:00Z");
const parse = (qs: string) => parseSpendSearchParams(new URLSearchParams(qs), NOW);
const fieldsOf = (qs: string) => {
  try {
    parse(qs);
    return [];
  } catch (e) {
    if (!isAppError(e)) throw e;
    return e.details.issues!.map((i) => i.field);
  }
};

describe("spend filters in the URL", () => {
  it("without params: this month to today, by provider", () => {
    expect(parse("")).toEqual({ from: "2026-11-01", to: "2026-11-24", provider: [], model: [], project: [], tag: [], groupBy: "provider" });
    expect(defaultSpendQuery(NOW)).toEqual(parse(""));
  });

  it("takes several values of one filter, lower-cases providers, keeps the empty project (spend without one)", () => {
    const q = parse("from=2026-01-01&to=2026-03-31&provider=OpenAI&provider=anthropic&model=gpt-4o&project=&project=p1&tag=product&groupBy=tag");
    expect(q).toEqual({ from: "2026-01-01", to: "2026-03-31", provider: ["openai", "anthropic"], model: ["gpt-4o"], project: ["", "p1"], tag: ["product"], groupBy: "tag" });
  });

  it("round-trips through spendSearchParams, so a shared link opens the same view", () => {
    const q = parse("from=2026-01-01&to=2026-03-31&provider=openai&project=&tag=a%20b&groupBy=day");
    expect(parse(spendSearchParams(q).toString())).toEqual(q);
    expect(spendSearchParams(q, { table: "daily" }).get("table")).toBe("daily");
    expect(parse(toSearchParams({ from: "2026-01-01", provider: ["openai", "mistral"] }).toString()).provider).toEqual(["openai", "mistral"]);
  });

  it("names the param that is wrong", () => {
    expect(fieldsOf("from=2026-02-30")).toEqual(["from"]);
    expect(fieldsOf("from=2026-03-10&to=2026-03-01")).toEqual(["to"]);
    expect(fieldsOf("from=2020-01-01&to=2026-01-01")).toEqual(["to"]); // over three years
    expect(fieldsOf("groupBy=colour")).toEqual(["groupBy"]);
  });

  it("knows month edges, leap years included", () => {
    expect(monthStartOf("2026-03-31", -1)).toBe("2026-02-01");
    expect(monthEndOf("2028-02-10")).toBe("2028-02-29");
    expect(monthStartOf("2026-01-15", -12)).toBe("2025-01-01");
  });
});

describe("a range as whole months (from the monthly roll-up) and the days around them", () => {
  it("splits 10 Jun 2025 – 20 Feb 2026 into July–January and two part months", () => {
    expect(splitByMonths("2025-06-10", "2026-02-20")).toEqual({ months: { from: "2025-07-01", to: "2026-02-01" }, days: [{ from: "2025-06-10", to: "2025-06-30" }, { from: "2026-02-01", to: "2026-02-20" }] });
  });
  it("a range of whole months needs no days; a range inside one month needs no months", () => {
    expect(splitByMonths("2025-02-01", "2028-02-29")).toEqual({ months: { from: "2025-02-01", to: "2028-03-01" }, days: [] });
    expect(splitByMonths("2026-03-01", "2026-03-18")).toEqual({ months: null, days: [{ from: "2026-03-01", to: "2026-03-18" }] });
    expect(splitByMonths("2026-01-31", "2026-02-01")).toEqual({ months: null, days: [{ from: "2026-01-31", to: "2026-02-01" }] });
  });
});

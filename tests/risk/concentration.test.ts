import { describe, expect, it } from "vitest";
import { concentrationBand, explainHerfindahl, herfindahl, vendorShares } from "@/lib/risk/concentration";
import { Decimal } from "@/lib/money";

const d = (v: string | number) => new Decimal(v);

describe("Herfindahl–Hirschman index across vendors", () => {
  it("60 / 30 / 10: 60² + 30² + 10² = 3,600 + 900 + 100 = 4,600, highly concentrated", () => {
    const shares = vendorShares([{ vendor: "anthropic", spend: d(300) }, { vendor: "openai", spend: d(600) }, { vendor: "mistral", spend: d(100) }]);
    expect(shares.map((s) => [s.vendor, s.share.toString()])).toEqual([["openai", "0.6"], ["anthropic", "0.3"], ["mistral", "0.1"]]);
    const hhi = herfindahl(shares);
    expect(hhi.toString()).toBe("4600");
    expect(concentrationBand(hhi)).toBe("highly concentrated");
    // 10,000 ÷ 4,600 = 2.17… → "as concentrated as 2.2 equal-sized vendors"
    expect(explainHerfindahl(hhi, 3)).toContain("Yours is 4600: highly concentrated");
    expect(explainHerfindahl(hhi, 3)).toContain("2.2 equal-sized vendors");
    expect(explainHerfindahl(hhi, 3)).toContain("3 vendors with equal shares would score 3333");
  });

  it("one vendor is 10,000; four equal vendors 4 × 25² = 2,500; ten equal vendors 1,000 (moderately)", () => {
    expect(herfindahl(vendorShares([{ vendor: "a", spend: d(5) }])).toString()).toBe("10000");
    expect(herfindahl(vendorShares(["a", "b", "c", "d"].map((v) => ({ vendor: v, spend: d(7) })))).toString()).toBe("2500");
    const ten = herfindahl(vendorShares(Array.from({ length: 10 }, (_, i) => ({ vendor: `v${i}`, spend: d(1) }))));
    expect(ten.toString()).toBe("1000");
    expect(concentrationBand(ten)).toBe("moderately concentrated");
    expect(concentrationBand(d(999))).toBe("unconcentrated");
    expect(concentrationBand(d(1800))).toBe("moderately concentrated");
    expect(concentrationBand(d("1800.1"))).toBe("highly concentrated");
  });

  it("no spend: shares 0 and HHI 0", () => {
    const shares = vendorShares([{ vendor: "a", spend: d(0) }]);
    expect(shares[0]!.share.toString()).toBe("0");
    expect(herfindahl(shares).toString()).toBe("0");
  });
});

import { describe, expect, it } from "vitest";
import { Decimal } from "@/lib/money";
import { compactNumber } from "@/lib/number-format";

describe("one compact number format", () => {
  it("never prints 1,000M next to 1.1B: a value rounding to 1,000 of a unit moves up", () => {
    expect(compactNumber(999_960_000)).toBe("1B");
    expect(compactNumber(1_100_000_000)).toBe("1.1B");
    expect(compactNumber(999_499)).toBe("999K");
    expect(compactNumber(999_500)).toBe("1M");
  });

  it("keeps three significant digits and takes Decimals", () => {
    expect(compactNumber(950_000_000)).toBe("950M");
    expect(compactNumber(new Decimal("1234567"))).toBe("1.23M");
    expect(compactNumber(12_340)).toBe("12.3K");
    expect(compactNumber(336_444_445)).toBe("336M");
    expect(compactNumber(42)).toBe("42");
    expect(compactNumber(-2500)).toBe("−2.5K");
  });
});

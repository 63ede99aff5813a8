import { describe, expect, it } from "vitest";
import { isDark, parseThemeChoice, THEME_SCRIPT, THEME_STORAGE_KEY } from "@/lib/ui/theme";

/** Runs the inline <head> script against a stand-in document, storage and media query. */
function runScript(saved: string | null, systemDark: boolean) {
  const classes = new Set<string>();
  const root = { classList: { toggle: (c: string, on: boolean) => (on ? classes.add(c) : classes.delete(c)) }, dataset: {} as Record<string, string> };
  const media = { matches: systemDark, listeners: [] as (() => void)[], addEventListener(_: string, f: () => void) { this.listeners.push(f); } };
  const store = new Map<string, string>(saved === null ? [] : [[THEME_STORAGE_KEY, saved]]);
  const window = { matchMedia: () => media, addEventListener: () => {} };
  const localStorage = { getItem: (k: string) => store.get(k) ?? null };
  new Function("window", "document", "localStorage", THEME_SCRIPT)(window, { documentElement: root }, localStorage);
  return { dark: classes.has("dark"), choice: root.dataset.theme, media, store, classes };
}

describe("theme: saved choice first, else the system setting", () => {
  it("the rule", () => {
    expect([isDark("system", true), isDark("system", false), isDark("light", true), isDark("dark", false)]).toEqual([true, false, false, true]);
    expect([parseThemeChoice("dark"), parseThemeChoice("light"), parseThemeChoice(null), parseThemeChoice("purple")]).toEqual(["dark", "light", "system", "system"]);
  });

  it("the inline script applies the same rule before paint, for every choice × system setting", () => {
    for (const saved of [null, "light", "dark", "garbage"]) {
      for (const systemDark of [false, true]) {
        const r = runScript(saved, systemDark);
        expect({ saved, systemDark, dark: r.dark, choice: r.choice }).toEqual({ saved, systemDark, dark: isDark(parseThemeChoice(saved), systemDark), choice: parseThemeChoice(saved) });
      }
    }
  });

  it("with no saved choice it follows the system when the system switches", () => {
    const r = runScript(null, false);
    expect(r.dark).toBe(false);
    r.media.matches = true;
    r.media.listeners.forEach((f) => f());
    expect(r.classes.has("dark")).toBe(true);
  });
});

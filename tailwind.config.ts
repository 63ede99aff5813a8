import type { Config } from "tailwindcss";
import colors from "tailwindcss/colors";
import plugin from "tailwindcss/plugin";

// Tremor 3 on Tailwind 3, following Tremor's v3 install guide: its package in `content`, its
// theme tokens, and a safelist of the palette classes its charts build at run time (else grey).
const palette = "(?:slate|gray|zinc|neutral|stone|red|orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose)";
const shade = "(?:50|100|200|300|400|500|600|700|800|900|950)";

// Dark mode (class "dark" on <html>, set before first paint by app/theme-script.ts from the
// saved choice or prefers-color-scheme). Every palette colour is a CSS variable whose shades are
// mirrored in dark mode (50↔950, 100↔900, … 700↔300; 500 and 600 both become 400, since
// grey 500 on a dark card is under AA's 4.5:1), and white becomes the card surface: a page that
// reads well in light mode (dark text on light backgrounds) keeps its contrast in dark without a
// dark: twin on every class. Tremor's own components use its dark-tremor tokens.
const PALETTES = ["slate", "gray", "zinc", "neutral", "stone", "red", "orange", "amber", "yellow", "lime", "green", "emerald", "teal", "cyan", "sky", "blue", "indigo", "violet", "purple", "fuchsia", "pink", "rose"] as const;
const SHADES = [50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950] as const;
type Shade = (typeof SHADES)[number];
type Palette = Record<Shade, string>;
const DARK_SHADE: Record<Shade, Shade> = { 50: 950, 100: 900, 200: 800, 300: 700, 400: 600, 500: 400, 600: 400, 700: 300, 800: 200, 900: 100, 950: 50 };
const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(" ");
const variable = (name: string) => `rgb(var(--c-${name}) / <alpha-value>)`;
function paletteVariables(dark: boolean): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const p of PALETTES) {
    const pal = (colors as unknown as Record<string, Palette>)[p]!;
    for (const s of SHADES) vars[`--c-${p}-${s}`] = rgb(pal[dark ? DARK_SHADE[s] : s]);
  }
  vars["--c-white"] = rgb(dark ? colors.gray[900] : "#ffffff");
  vars["--c-black"] = rgb(dark ? colors.gray[50] : "#000000");
  return vars;
}
const themeVariables = plugin(({ addBase }) => {
  addBase({ ":root": { ...paletteVariables(false), colorScheme: "light" }, ":root.dark": { ...paletteVariables(true), colorScheme: "dark" } });
});

const config: Config = {
  darkMode: "class",
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}", "./node_modules/@tremor/**/*.{js,ts,jsx,tsx}"],
  theme: {
    transparent: "transparent",
    current: "currentColor",
    extend: {
      colors: {
        ...Object.fromEntries(PALETTES.map((p) => [p, Object.fromEntries(SHADES.map((s) => [s, variable(`${p}-${s}`)]))])),
        white: variable("white"),
        black: variable("black"),
        tremor: {
          brand: { faint: colors.blue[50], muted: colors.blue[200], subtle: colors.blue[400], DEFAULT: colors.blue[500], emphasis: colors.blue[700], inverted: colors.white },
          background: { muted: colors.gray[50], subtle: colors.gray[100], DEFAULT: colors.white, emphasis: colors.gray[700] },
          border: { DEFAULT: colors.gray[200] },
          ring: { DEFAULT: colors.gray[200] },
          content: { subtle: colors.gray[400], DEFAULT: colors.gray[500], emphasis: colors.gray[700], strong: colors.gray[900], inverted: colors.white },
        },
        // Tremor's dark tokens (its v3 guide), content a shade lighter so axis labels stay readable.
        "dark-tremor": {
          brand: { faint: "#0B1229", muted: colors.blue[950], subtle: colors.blue[800], DEFAULT: colors.blue[500], emphasis: colors.blue[400], inverted: colors.blue[950] },
          background: { muted: "#131A2B", subtle: colors.gray[800], DEFAULT: colors.gray[900], emphasis: colors.gray[300] },
          border: { DEFAULT: colors.gray[700] },
          ring: { DEFAULT: colors.gray[800] },
          content: { subtle: colors.gray[500], DEFAULT: colors.gray[400], emphasis: colors.gray[200], strong: colors.gray[50], inverted: colors.gray[950] },
        },
      },
      boxShadow: {
        "tremor-input": "0 1px 2px 0 rgb(0 0 0 / 0.05)",
        "tremor-card": "0 1px 3px 0 rgb(0 0 0 / 0.1), 0 1px 2px -1px rgb(0 0 0 / 0.1)",
        "tremor-dropdown": "0 4px 6px -1px rgb(0 0 0 / 0.1), 0 2px 4px -2px rgb(0 0 0 / 0.1)",
        "dark-tremor-input": "0 1px 2px 0 rgb(0 0 0 / 0.05)",
        "dark-tremor-card": "0 1px 3px 0 rgb(0 0 0 / 0.1), 0 1px 2px -1px rgb(0 0 0 / 0.1)",
        "dark-tremor-dropdown": "0 4px 6px -1px rgb(0 0 0 / 0.1), 0 2px 4px -2px rgb(0 0 0 / 0.1)",
      },
      borderRadius: { "tremor-small": "0.375rem", "tremor-default": "0.5rem", "tremor-full": "9999px" },
      fontSize: {
        "tremor-label": ["0.75rem", { lineHeight: "1rem" }],
        "tremor-default": ["0.875rem", { lineHeight: "1.25rem" }],
        "tremor-title": ["1.125rem", { lineHeight: "1.75rem" }],
        "tremor-metric": ["1.875rem", { lineHeight: "2.25rem" }],
      },
    },
  },
  safelist: [
    { pattern: new RegExp(`^(bg-${palette}-${shade})$`), variants: ["hover"] },
    { pattern: new RegExp(`^(text-${palette}-${shade})$`), variants: ["hover"] },
    { pattern: new RegExp(`^(border-${palette}-${shade})$`), variants: ["hover"] },
    { pattern: new RegExp(`^(ring-${palette}-${shade})$`) },
    { pattern: new RegExp(`^(stroke-${palette}-${shade})$`) },
    { pattern: new RegExp(`^(fill-${palette}-${shade})$`) },
  ],
  plugins: [themeVariables],
};
export default config;

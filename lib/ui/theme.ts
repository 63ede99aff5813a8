// Light or dark: the person's saved choice ("light" / "dark" in localStorage), else the system's
// prefers-color-scheme. Applied as the class "dark" on <html> (tailwind.config.ts darkMode).

export const THEME_STORAGE_KEY = "breakeven-theme";
export type ThemeChoice = "system" | "light" | "dark";

export function parseThemeChoice(saved: string | null | undefined): ThemeChoice {
  return saved === "light" || saved === "dark" ? saved : "system";
}

export function isDark(choice: ThemeChoice, systemPrefersDark: boolean): boolean {
  return choice === "dark" || (choice === "system" && systemPrefersDark);
}

/**
 * Runs in <head> before the body paints (no flash of the wrong theme), with the request's CSP
 * nonce: the same rule as isDark, and it follows the system setting while the choice is "system".
 */
export const THEME_SCRIPT = `(function(){try{var k=${JSON.stringify(THEME_STORAGE_KEY)},m=window.matchMedia("(prefers-color-scheme: dark)"),r=document.documentElement;function a(){var s=localStorage.getItem(k);var c=s==="light"||s==="dark"?s:"system";r.classList.toggle("dark",c==="dark"||(c==="system"&&m.matches));r.dataset.theme=c}a();m.addEventListener("change",a);window.addEventListener("storage",function(e){if(e.key===k)a()})}catch(e){}})();`;

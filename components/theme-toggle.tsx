"use client";
import { useEffect, useState } from "react";
import { isDark, parseThemeChoice, THEME_STORAGE_KEY, type ThemeChoice } from "@/lib/ui/theme";

// System / Light / Dark, saved in localStorage; the <head> script (lib/ui/theme.ts) applies it
// before paint on every later page, so this only needs to apply a change made here.
export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice | null>(null);
  useEffect(() => setChoice(parseThemeChoice(localStorage.getItem(THEME_STORAGE_KEY))), []);
  const change = (next: ThemeChoice) => {
    setChoice(next);
    if (next === "system") localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, next);
    const root = document.documentElement;
    root.classList.toggle("dark", isDark(next, window.matchMedia("(prefers-color-scheme: dark)").matches));
    root.dataset.theme = next;
  };
  return (
    <label className="flex items-center gap-2 text-xs text-gray-600">
      Theme
      <select
        data-testid="theme-toggle"
        className="rounded border border-gray-300 bg-white px-1 py-0.5 text-xs text-gray-900"
        value={choice ?? "system"}
        onChange={(e) => change(parseThemeChoice(e.target.value))}
      >
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}

"use client";
import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";

// The app's navigation: a sidebar from md up; below md a top bar whose Menu button opens it over
// the page (closed again by a link, Escape or the button), so phones keep their full width.
export function NavDrawer({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <>
      <header className="no-print md:hidden sticky top-0 z-30 flex h-12 items-center justify-between border-b bg-white px-4">
        <span className="font-semibold">Breakeven</span>
        <button
          type="button"
          className="rounded border border-gray-300 px-3 py-1 text-sm"
          aria-expanded={open}
          aria-controls="app-nav"
          data-testid="nav-toggle"
          onClick={() => setOpen((o) => !o)}
        >
          {open ? "Close menu" : "Menu"}
        </button>
      </header>
      <nav
        id="app-nav"
        aria-label="Main"
        className={`${open ? "flex" : "hidden"} md:flex flex-col gap-1 bg-white p-4 md:w-56 md:shrink-0 md:border-r md:min-h-screen max-md:fixed max-md:inset-x-0 max-md:top-12 max-md:bottom-0 max-md:z-20 max-md:overflow-y-auto`}
      >
        {children}
      </nav>
    </>
  );
}

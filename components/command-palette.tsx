"use client";
import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import type { PaletteEntry, PaletteGroup } from "@/lib/navigation/palette";

// Ctrl/Cmd+K anywhere (or the "Jump to…" button): type to find a page, project, model, scenario or saved
// view, arrows to move, Enter to open, Escape to close. cmdk's dialog is Radix's: it traps focus while
// open and gives it back to where it was. Pages are known at once; the rest loads on first open.

const GROUPS: PaletteGroup[] = ["Pages", "Saved views", "Projects", "Models", "Scenarios"];

export function CommandPalette({ org, pages }: { org: string; pages: PaletteEntry[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<PaletteEntry[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === "k" && (e.metaKey || e.ctrlKey) && !e.altKey) {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    if (!open || entries) return;
    let cancelled = false;
    fetch(`/api/orgs/${org}/palette`)
      .then((r) => (r.ok ? (r.json() as Promise<{ entries: PaletteEntry[] }>) : Promise.reject(new Error(String(r.status)))))
      .then((j) => !cancelled && setEntries(j.entries))
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [open, entries, org]);

  const go = useCallback(
    (href: string) => {
      setOpen(false);
      router.push(href);
    },
    [router],
  );

  const all = entries ?? pages;
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} className="w-full text-left rounded border px-2 py-1 text-sm text-gray-600 hover:bg-gray-100 mb-2" aria-keyshortcuts="Control+K Meta+K" data-testid="palette-open">
        Jump to… <kbd className="float-right text-xs text-gray-400">Ctrl K</kbd>
      </button>
      <Command.Dialog
        open={open}
        onOpenChange={setOpen}
        label="Jump to a page, project, model, scenario or saved view"
        overlayClassName="fixed inset-0 bg-black/30 z-40"
        contentClassName="fixed left-1/2 top-24 z-50 w-[min(36rem,92vw)] -translate-x-1/2 rounded-lg bg-white shadow-xl border"
        data-testid="command-palette"
      >
        <Command.Input placeholder="Jump to a page, project, model, scenario…" className="w-full border-b px-4 py-3 text-base outline-none" aria-label="Search pages, projects, models, scenarios and saved views" />
        <Command.List className="max-h-96 overflow-y-auto p-2 text-sm">
          <Command.Empty className="px-2 py-3 text-gray-500">{failed ? "Only pages are available: projects and models could not be loaded." : "Nothing matches."}</Command.Empty>
          {!entries && !failed ? <Command.Loading><span className="block px-2 py-1 text-xs text-gray-500">Loading projects, models and scenarios…</span></Command.Loading> : null}
          {GROUPS.map((g) => {
            const items = all.filter((e) => e.group === g);
            if (items.length === 0) return null;
            return (
              <Command.Group key={g} heading={g} className="mb-1 [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:text-gray-500">
                {items.map((e) => (
                  <Command.Item
                    key={`${g}:${e.href}`}
                    value={`${e.label} — ${e.hint}`}
                    keywords={[g]}
                    onSelect={() => go(e.href)}
                    className="flex justify-between gap-3 rounded px-2 py-1.5 cursor-pointer data-[selected=true]:bg-blue-50 data-[selected=true]:text-blue-900"
                  >
                    <span>{e.label}</span>
                    <span className="text-xs text-gray-500">{e.hint}</span>
                  </Command.Item>
                ))}
              </Command.Group>
            );
          })}
        </Command.List>
      </Command.Dialog>
    </>
  );
}

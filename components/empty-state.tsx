import Link from "next/link";

// What an empty card says: what would fill it, and the page that does it.
export function EmptyState({ children, links = [], testId }: { children: React.ReactNode; links?: { label: string; href: string }[]; testId?: string }) {
  return (
    <div className="text-sm text-gray-600 space-y-1" data-testid={testId ?? "empty-state"}>
      <p>{children}</p>
      {links.length ? (
        <p className="flex flex-wrap gap-x-3 gap-y-1">
          {links.map((l) => (
            <Link key={l.href} href={l.href} className="text-blue-700 underline">
              {l.label} →
            </Link>
          ))}
        </p>
      ) : null}
    </div>
  );
}

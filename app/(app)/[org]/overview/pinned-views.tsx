import Link from "next/link";
import { formatUsd } from "@/lib/money";
import type { PinnedViewCard } from "@/lib/spend/saved-view-store";

// The saved Spend views this person pinned (up to six), each a card with its total that opens the view.
export function PinnedViews({ cards, currency, spendHref }: { cards: PinnedViewCard[]; currency: string; spendHref: string }) {
  if (cards.length === 0) return null;
  return (
    <section aria-labelledby="pinned-views-title" className="space-y-2">
      <div className="flex items-baseline justify-between">
        <h2 id="pinned-views-title" className="text-sm text-gray-500">Pinned views</h2>
        <Link href={spendHref} className="text-xs text-blue-700 hover:underline">Manage saved views on Spend</Link>
      </div>
      <div className="grid grid-cols-1 md:grid-cols-2 xl:grid-cols-3 gap-4" data-testid="pinned-views">
        {cards.map((c) => (
          <Link key={c.id} href={c.href} className="block bg-white rounded-lg shadow p-4 hover:ring-2 hover:ring-blue-200" data-testid="pinned-view" data-view-name={c.name}>
            <p className="text-sm text-gray-500">{c.name}{c.shared ? " · shared" : ""}</p>
            <p className="text-2xl font-semibold tabular-nums" data-testid="pinned-view-total">{formatUsd(c.total, currency)}</p>
            <p className="text-xs text-gray-500">{c.from} to {c.to} · by {c.groupByLabel.toLowerCase()}</p>
          </Link>
        ))}
      </div>
    </section>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";
import { pageOrgContext, pageUser } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { listUserOrgs } from "@/lib/auth/tenancy";
import { NAV } from "@/components/nav";
import { OrgSwitcher } from "@/components/org-switcher";
import { SignOutButton } from "@/components/sign-out-button";
import { CommandPalette } from "@/components/command-palette";
import { pageEntries } from "@/lib/navigation/palette";

export const dynamic = "force-dynamic";

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "org.read");
  const user = await pageUser();
  const orgs = await listUserOrgs(user.id);
  return (
    <div className="min-h-screen flex">
      <a href="#main" className="skip-link">Skip to content</a>
      <nav aria-label="Main" className="w-56 shrink-0 bg-white border-r p-4 flex flex-col gap-1">
        <p className="text-xl font-semibold mb-3">Breakeven</p>
        <OrgSwitcher current={ctx.orgSlug} orgs={orgs.map((o) => ({ slug: o.slug, name: o.name }))} />
        <CommandPalette org={ctx.orgSlug} pages={pageEntries(ctx)} />
        {NAV.filter((n) => can(ctx.role, n.permission)).map((n) => (
          <Link key={n.href} href={`/${ctx.orgSlug}/${n.href}`} className="rounded px-2 py-1 hover:bg-gray-100 text-sm">
            {n.label}
          </Link>
        ))}
        <div className="mt-auto text-xs text-gray-500">
          <p data-testid="signed-in-as">{user.email}</p>
          <p>{ctx.role.toLowerCase()}</p>
          <SignOutButton />
        </div>
      </nav>
      <main id="main" tabIndex={-1} className="flex-1 p-8 max-w-6xl focus:outline-none">{children}</main>
    </div>
  );
}

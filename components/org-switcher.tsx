"use client";

export function OrgSwitcher({ current, orgs }: { current: string; orgs: { slug: string; name: string }[] }) {
  return (
    <select
      aria-label="Organisation"
      className="mb-4 rounded border border-gray-300 px-2 py-1 text-sm"
      value={current}
      onChange={(e) => (window.location.href = `/${e.target.value}/overview`)}
    >
      {orgs.map((o) => (
        <option key={o.slug} value={o.slug}>{o.name}</option>
      ))}
    </select>
  );
}

import type { Action } from "@/lib/auth/permissions";

// The app's screens in navigation order; each names the permission its page requires, so the
// menu only shows what the signed-in role may open.
export const NAV: { href: string; label: string; permission: Action }[] = [
  { href: "overview", label: "Overview", permission: "spend.read" },
  { href: "settings/members", label: "Members", permission: "members.read" },
];

import type { Action } from "@/lib/auth/permissions";

// The app's screens in navigation order; each names the permission its page requires, so the
// menu only shows what the signed-in role may open.
export const NAV: { href: string; label: string; permission: Action }[] = [
  { href: "overview", label: "Overview", permission: "spend.read" },
  { href: "spend", label: "Spend", permission: "spend.read" },
  { href: "spend/reconciliation", label: "Reconciliation", permission: "spend.read" },
  { href: "spend/commitments", label: "Credits & commitments", permission: "spend.read" },
  { href: "unit-economics", label: "Unit economics", permission: "spend.read" },
  { href: "breakeven", label: "Break-even", permission: "breakeven.read" },
  { href: "gpu-pools", label: "GPU pools", permission: "gpuPools.read" },
  { href: "scenarios", label: "Scenarios", permission: "scenarios.read" },
  { href: "opportunities", label: "Opportunities", permission: "opportunities.read" },
  { href: "risk", label: "Vendor risk", permission: "spend.read" },
  { href: "prices", label: "Prices", permission: "prices.read" },
  { href: "documents", label: "Documents", permission: "documents.read" },
  { href: "alerts", label: "Alerts", permission: "alerts.read" },
  { href: "alert-rules", label: "Alert rules", permission: "alerts.read" },
  { href: "alert-channels", label: "Alert channels", permission: "alertChannels.read" },
  { href: "privacy", label: "Privacy posture", permission: "privacy.read" },
  { href: "privacy/exposure", label: "Data exposure", permission: "privacy.read" },
  { href: "settings/members", label: "Members", permission: "members.read" },
  { href: "settings/connections", label: "Connections", permission: "connections.read" },
  { href: "settings/api-tokens", label: "API tokens", permission: "apiTokens.manage" },
  { href: "settings/import", label: "Import", permission: "spend.import" },
  { href: "settings/gpu-pools", label: "GPU pool settings", permission: "gpuPools.manage" },
  { href: "settings/email-log", label: "Email log", permission: "emailLog.read" },
  { href: "settings/audit", label: "Audit log", permission: "audit.read" },
];

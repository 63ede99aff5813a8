// The one permission table: every route handler, server action and page asks `can(role, action)`.
// Actions are `resource.action`; tests/auth/permissions.test.ts enumerates every role × action.

export const ROLES = ["OWNER", "ADMIN", "FINANCE", "ENGINEERING", "EXECUTIVE"] as const;
export type Role = (typeof ROLES)[number];

const EVERYONE = ROLES;

export const PERMISSIONS = {
  "org.read": EVERYONE,
  "org.manage": ["OWNER", "ADMIN"],
  "members.read": EVERYONE,
  "members.manage": ["OWNER", "ADMIN"],
  // Engineering sees spend read-only; budgets are finance's (and admins').
  "spend.read": EVERYONE,
  "spend.export": EVERYONE,
  "spend.import": ["OWNER", "ADMIN", "FINANCE"],
  // Scheduled FOCUS drops hold a credential header and may read a server folder: owners and admins set them
  // up (finance sees their status on the import page).
  "focusSources.manage": ["OWNER", "ADMIN"],
  "budgets.manage": ["OWNER", "ADMIN", "FINANCE"],
  // Prepaid credits and spend commitments per provider: finance enters them (everyone reads them with spend).
  "commitments.manage": ["OWNER", "ADMIN", "FINANCE"],
  // Saved Spend views: anyone who reads spend saves, shares and pins their own; the weekly emailed
  // report (which sends the org's figures to chosen addresses) is finance's and admins'.
  "savedViews.write": EVERYONE,
  "viewReports.manage": ["OWNER", "ADMIN", "FINANCE"],
  // Credentials are never shown to anyone; engineering may see connection health.
  "connections.read": ["OWNER", "ADMIN", "ENGINEERING"],
  "connections.manage": ["OWNER", "ADMIN"],
  "apiTokens.manage": ["OWNER", "ADMIN"],
  "gpuPools.read": EVERYONE,
  "gpuPools.manage": ["OWNER", "ADMIN", "ENGINEERING"],
  "prices.read": EVERYONE,
  "documents.read": EVERYONE,
  "documents.manage": ["OWNER", "ADMIN", "ENGINEERING"],
  "alerts.read": EVERYONE,
  "alerts.acknowledge": ["OWNER", "ADMIN", "ENGINEERING", "FINANCE"],
  "alertRules.manage": ["OWNER", "ADMIN"],
  // Slack and webhook channels: their attempts are visible to whoever reads alerts; URLs never are.
  "alertChannels.read": ["OWNER", "ADMIN", "ENGINEERING"],
  "alertChannels.manage": ["OWNER", "ADMIN"],
  "breakeven.read": EVERYONE,
  "scenarios.read": EVERYONE,
  "scenarios.write": ["OWNER", "ADMIN", "EXECUTIVE"],
  // Savings opportunities: everyone reads them; those who decide on scenarios dismiss them (with a reason).
  "opportunities.read": EVERYONE,
  "opportunities.act": ["OWNER", "ADMIN", "EXECUTIVE"],
  "audit.read": ["OWNER", "ADMIN"],
  // Vendor privacy posture: everyone reads it; owners and admins record what their contract says instead.
  "privacy.read": EVERYONE,
  "privacy.manage": ["OWNER", "ADMIN"],
  // Recipients' addresses and alert contents: the people who configure alerts and members.
  "emailLog.read": ["OWNER", "ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/** Roles an inviter may hand out: only an owner can make another owner. */
export function assignableRoles(inviter: Role): Role[] {
  if (inviter === "OWNER") return [...ROLES];
  if (inviter === "ADMIN") return ROLES.filter((r) => r !== "OWNER");
  return [];
}

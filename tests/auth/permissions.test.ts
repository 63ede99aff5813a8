import { describe, expect, it } from "vitest";
import { ACTIONS, PERMISSIONS, ROLES, assignableRoles, can, type Action, type Role } from "@/lib/auth/permissions";
import { Role as PrismaRole } from "@/lib/generated/prisma/enums";

// The specification, written out by hand: O=OWNER A=ADMIN F=FINANCE G=ENGINEERING X=EXECUTIVE.
// A change to lib/auth/permissions.ts that is not also made here fails this test.
const EXPECTED: Record<Action, string> = {
  "org.read": "OAFGX",
  "org.manage": "OA",
  "members.read": "OAFGX",
  "members.manage": "OA",
  "spend.read": "OAFGX",
  "spend.export": "OAFGX",
  "spend.import": "OAF",
  "focusSources.manage": "OA",
  "budgets.manage": "OAF",
  "commitments.manage": "OAF",
  "savedViews.write": "OAFGX",
  "viewReports.manage": "OAF",
  "connections.read": "OAG",
  "connections.manage": "OA",
  "apiTokens.manage": "OA",
  "gpuPools.read": "OAFGX",
  "gpuPools.manage": "OAG",
  "prices.read": "OAFGX",
  "documents.read": "OAFGX",
  "documents.manage": "OAG",
  "alerts.read": "OAFGX",
  "alerts.acknowledge": "OAFG",
  "alertRules.manage": "OA",
  "alertChannels.read": "OAG",
  "alertChannels.manage": "OA",
  "breakeven.read": "OAFGX",
  "scenarios.read": "OAFGX",
  "scenarios.write": "OAX",
  "opportunities.read": "OAFGX",
  "opportunities.act": "OAX",
  "audit.read": "OA",
  "privacy.read": "OAFGX",
  "privacy.manage": "OA",
  "emailLog.read": "OA",
};
const LETTER: Record<Role, string> = { OWNER: "O", ADMIN: "A", FINANCE: "F", ENGINEERING: "G", EXECUTIVE: "X" };

describe("permission table", () => {
  it("lists exactly the actions of the specification", () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it("uses the same roles as the database enum", () => {
    expect([...ROLES].sort()).toEqual(Object.values(PrismaRole).sort());
  });

  const cases = ROLES.flatMap((role) => ACTIONS.map((action) => ({ role, action, allowed: EXPECTED[action].includes(LETTER[role]) })));
  it.each(cases)("$role × $action → $allowed", ({ role, action, allowed }) => {
    expect(can(role, action)).toBe(allowed);
  });

  it("never lets finance touch credentials or engineering change budgets or scenarios (DESIGN.md)", () => {
    expect(can("FINANCE", "connections.read")).toBe(false);
    expect(can("ENGINEERING", "budgets.manage")).toBe(false);
    expect(can("ENGINEERING", "scenarios.write")).toBe(false);
  });

  it("only an owner may hand out OWNER; non-admins hand out nothing", () => {
    expect(assignableRoles("OWNER")).toContain("OWNER");
    expect(assignableRoles("ADMIN")).toEqual(["ADMIN", "FINANCE", "ENGINEERING", "EXECUTIVE"]);
    for (const r of ["FINANCE", "ENGINEERING", "EXECUTIVE"] as const) expect(assignableRoles(r)).toEqual([]);
    expect(Object.keys(PERMISSIONS).length).toBe(34);
  });
});

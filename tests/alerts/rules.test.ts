import { describe, expect, it } from "vitest";
import { parseAlertRuleInput, parseRuleParams, RULE_PARAMS, ALERT_TYPES } from "@/lib/alerts/rules";
import { PARAM_FIELDS, paramsFromForm } from "@/lib/alerts/rule-fields";
import { resolveRecipients } from "@/lib/alerts/recipients";
import { AppError } from "@/lib/errors";
import { AlertType as PrismaAlertType } from "@/lib/generated/prisma/enums";

// Rule params are validated per type; recipients resolve roles to members' addresses.

const issues = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e.details.issues;
    throw e;
  }
  throw new Error("expected BAD_INPUT");
};

describe("alert rule params", () => {
  it("covers exactly the database's alert types, each with a form", () => {
    expect([...ALERT_TYPES].sort()).toEqual(Object.values(PrismaAlertType).sort());
    expect(Object.keys(RULE_PARAMS).sort()).toEqual([...ALERT_TYPES].sort());
    expect(Object.keys(PARAM_FIELDS).sort()).toEqual([...ALERT_TYPES].sort());
  });

  it("fills defaults and keeps what was given", () => {
    expect(parseRuleParams("FORECAST_OVERRUN", {})).toEqual({ percent: 100, projectId: "" });
    expect(parseRuleParams("TERMS_CHANGE", { vendors: ["openai"] })).toEqual({ minSeverity: "MEDIUM", vendors: ["openai"] });
    expect(parseRuleParams("SPEND_ANOMALY", {})).toEqual({ provider: "", model: "", threshold: 4, minAbsoluteDeviation: 5 });
  });

  it("budget thresholds: several levels (a form's strings too), or one as first written; distinct, ascending", () => {
    expect(parseRuleParams("BUDGET_THRESHOLD", { percents: ["100", "50", "80", "80"] })).toEqual({ percents: [50, 80, 100], projectId: "" });
    expect(parseRuleParams("BUDGET_THRESHOLD", { percent: 80, projectId: "p1" })).toEqual({ percents: [80], projectId: "p1" });
    expect(issues(() => parseRuleParams("BUDGET_THRESHOLD", { percents: ["50", "fifty"] }))).toEqual([{ field: "params.percents[1]", message: "must be a percentage" }]);
  });

  it("names the bad field under params", () => {
    expect(issues(() => parseRuleParams("BUDGET_THRESHOLD", {}))).toEqual([{ field: "params.percent", message: "must be a percentage" }]);
    expect(issues(() => parseRuleParams("GPU_IDLE", { maxDailyIdleCost: -5 }))).toEqual([{ field: "params.maxDailyIdleCost", message: "maxDailyIdleCost must not be negative" }]);
    expect(issues(() => parseRuleParams("TERMS_CHANGE", { minSeverity: "URGENT" }))![0]!.field).toBe("params.minSeverity");
    expect(issues(() => parseRuleParams("RETIREMENT", { withinDays: 30, extra: 1 }))![0]!.field).toBe("params");
    expect(issues(() => parseRuleParams("BREAKEVEN_CROSSED", { provider: "openai", model: "gpt-4o", poolId: "p", tokensPerSecondPerGpu: 0 }))).toEqual([{ field: "params.tokensPerSecondPerGpu", message: "must be greater than zero" }]);
  });

  it("a whole rule: recipients required, emails lower-cased, a bad address named", () => {
    const rule = parseAlertRuleInput({ type: "RETIREMENT", name: " Retiring ", params: { withinDays: 30 }, recipientEmails: ["Lead@Example.COM"] });
    expect(rule).toEqual({ type: "RETIREMENT", name: "Retiring", params: { withinDays: 30 }, recipientRoles: [], recipientEmails: ["lead@example.com"], delivery: "IMMEDIATE", enabled: true });
    expect(issues(() => parseAlertRuleInput({ type: "RETIREMENT", name: "x", params: {} }))).toEqual([{ field: "recipientRoles", message: "choose at least one role or email address" }]);
    expect(issues(() => parseAlertRuleInput({ type: "RETIREMENT", name: "x", recipientEmails: ["not-an-email"] }))).toEqual([{ field: "recipientEmails[0]", message: "must be an email address" }]);
    expect(issues(() => parseAlertRuleInput({ type: "NOPE", name: "x", recipientRoles: ["OWNER"] }))![0]!.field).toBe("type");
  });

  it("the rules page's form values become params the server accepts", () => {
    const form: Record<string, string | boolean> = { minMonthlyImpact: "250", increasesOnly: true };
    expect(parseRuleParams("PRICE_CHANGE", paramsFromForm("PRICE_CHANGE", (n) => form[n] ?? null))).toEqual({ minMonthlyImpact: 250, increasesOnly: true });
    const terms: Record<string, string> = { minSeverity: "HIGH", vendors: " openai, mistral ," };
    expect(paramsFromForm("TERMS_CHANGE", (n) => terms[n] ?? null)).toEqual({ minSeverity: "HIGH", vendors: ["openai", "mistral"] });
    expect(paramsFromForm("RETIREMENT", () => "")).toEqual({});
  });
});

describe("recipients", () => {
  const members = [
    { email: "owner@acme.test", role: "OWNER" },
    { email: "Eng@Acme.test", role: "ENGINEERING" },
    { email: "eng2@acme.test", role: "ENGINEERING" },
    { email: "fin@acme.test", role: "FINANCE" },
  ];
  it("roles resolve to the members with those roles, plus the listed addresses, each once", () => {
    expect(resolveRecipients({ recipientRoles: ["ENGINEERING"], recipientEmails: ["cfo@outside.test", "eng@acme.test"] }, members)).toEqual(["cfo@outside.test", "eng2@acme.test", "eng@acme.test"]);
    expect(resolveRecipients({ recipientRoles: ["ADMIN"], recipientEmails: [] }, members)).toEqual([]);
  });
});

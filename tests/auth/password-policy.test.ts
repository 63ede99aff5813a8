import { describe, expect, it } from "vitest";
import { COMMON_PASSWORD_MESSAGE, OWN_EMAIL_MESSAGE, passwordProblem } from "@/lib/auth/password-policy";
import { acceptInviteSchema, signUpSchema } from "@/lib/orgs/schemas";

describe("password policy", () => {
  it.each(["password1234", "1234567890", "qwertyuiop", "iloveyou12", "Password1234", "QWERTYUIOP"])("refuses the common password %s (any case)", (pw) => {
    expect(passwordProblem(pw)).toBe(COMMON_PASSWORD_MESSAGE);
  });

  it("refuses the person's own email address or its local part", () => {
    expect(passwordProblem("Fay.Founder@Acme.test", "fay.founder@acme.test")).toBe(OWN_EMAIL_MESSAGE);
    expect(passwordProblem("fay.founder", "Fay.Founder@acme.test")).toBe(OWN_EMAIL_MESSAGE);
    expect(passwordProblem("fay.founder-2026!", "fay.founder@acme.test")).toBeNull();
  });

  it("lets an unusual password through", () => {
    expect(passwordProblem("correct horse battery staple", "a@b.test")).toBeNull();
  });

  it("sign-up names the password field for each refusal; length still comes first", () => {
    const body = (password: string) => ({ name: "Fay", email: "fay.founder@acme.test", password, orgName: "Acme" });
    const issues = (password: string) => {
      const r = signUpSchema.safeParse(body(password));
      return r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message]);
    };
    expect(issues("password1234")).toEqual([["password", COMMON_PASSWORD_MESSAGE]]);
    expect(issues("fay.founder@acme.test")).toEqual([["password", OWN_EMAIL_MESSAGE]]);
    expect(issues("short")).toEqual([["password", "use at least 10 characters"]]);
    expect(issues("a-long-unusual-password")).toEqual([]);
    expect(acceptInviteSchema.safeParse({ token: "t".repeat(30), password: "a-long-unusual-password" }).success).toBe(true);
  });
});

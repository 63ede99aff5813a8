import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";
import { passwordProblem } from "@/lib/auth/password-policy";

// Request bodies of the org and member endpoints (server-side: the password policy carries its list).
const email = z.string().trim().toLowerCase().email("enter a valid email address, like name@company.com");
const password = z.string().min(10, "use at least 10 characters").max(200, "use at most 200 characters");

export const signUpSchema = z
  .object({
    name: z.string().trim().min(1, "enter your name").max(100),
    email,
    password,
    orgName: z.string().trim().min(2, "enter your company or team name").max(100),
  })
  .superRefine((v, ctx) => {
    if (typeof v.password !== "string" || v.password.length < 10) return; // its length is the one problem to report
    const problem = passwordProblem(v.password, v.email);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });
export type SignUpInput = z.infer<typeof signUpSchema>;

export const inviteSchema = z.object({ email, role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(", ")}` }) });
export type InviteInput = z.infer<typeof inviteSchema>;

// The invitee's own email is checked in acceptInvitation (the token knows it, the body does not).
export const acceptInviteSchema = z.object({
  token: z.string().min(20, "this invitation link is incomplete"),
  name: z.string().trim().max(100).optional(),
  password,
});

export const changeRoleSchema = z.object({ role: z.enum(ROLES) });

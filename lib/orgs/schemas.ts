import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";

// Request bodies of the org and member endpoints; the client forms use the same schemas.
const email = z.string().trim().toLowerCase().email("enter a valid email address, like name@company.com");
const password = z.string().min(10, "use at least 10 characters").max(200, "use at most 200 characters");

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "enter your name").max(100),
  email,
  password,
  orgName: z.string().trim().min(2, "enter your company or team name").max(100),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const inviteSchema = z.object({ email, role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(", ")}` }) });
export type InviteInput = z.infer<typeof inviteSchema>;

export const acceptInviteSchema = z.object({
  token: z.string().min(20, "this invitation link is incomplete"),
  name: z.string().trim().max(100).optional(),
  password,
});

export const changeRoleSchema = z.object({ role: z.enum(ROLES) });

import { dictionary } from "@zxcvbn-ts/language-common";

// What a new password must not be, beyond its length (lib/orgs/schemas.ts): one of the ~49,000 most
// common passwords (zxcvbn-ts's maintained list, compared without case), or the person's own email
// address or its local part. Server-only: the list stays out of the browser bundle.

const COMMON = new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));

export const COMMON_PASSWORD_MESSAGE = "this is one of the most common passwords; choose one that is harder to guess";
export const OWN_EMAIL_MESSAGE = "must not be your email address";

export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.toLowerCase());
}

/** Null when the password may be used; else what is wrong with it, in words. */
export function passwordProblem(password: string, email?: string): string | null {
  if (isCommonPassword(password)) return COMMON_PASSWORD_MESSAGE;
  if (email) {
    const lower = password.trim().toLowerCase();
    const address = email.trim().toLowerCase();
    if (lower === address || lower === address.split("@")[0]) return OWN_EMAIL_MESSAGE;
  }
  return null;
}

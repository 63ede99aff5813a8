import { createHash, randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { Transporter } from "nodemailer";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { limitAttempt, type LimiterDeps } from "@/lib/abuse/attempt-limits";
import { smtpTransport } from "@/lib/email/deliver";
import { simpleEmailHtml } from "@/lib/email/html";
import { createRedis } from "@/lib/redis";
import { createAccount } from "@/lib/orgs/signup";
import type { SignUpInput } from "@/lib/orgs/schemas";

// Sign-up with a mail server configured finishes by email, so the answer never tells whether an
// address has an account: a new address gets a single-use link (its token is stored only as a
// SHA-256 hash, in Redis, expiring) that creates the account and org; an existing address gets a
// "someone tried to sign up with your address" notice. Both paths hash the password and send one
// message before answering the same words.

export const SIGNUP_CHECK_EMAIL = "Check your email to finish signing up.";
export const SIGNUP_LINK_TTL_SECONDS = 60 * 60;

export interface SignUpByEmailDeps extends LimiterDeps {
  transport?: Transporter;
  redis?: Redis;
}

const pendingSchema = z.object({ email: z.string(), name: z.string(), orgName: z.string(), passwordHash: z.string() });

let shared: Redis | undefined;
const redisOf = (deps: SignUpByEmailDeps) => deps.redis ?? (shared ??= createRedis());
/** Redis key of a pending sign-up: the token itself is never stored. */
export const pendingKey = (token: string) => `${env().QUEUE_PREFIX}:signup:${createHash("sha256").update(token).digest("hex")}`;

/** Store the pending sign-up (or not) and send the one message; the caller answers SIGNUP_CHECK_EMAIL either way. */
export async function requestSignUpByEmail(input: SignUpInput, ip = "unknown", deps: SignUpByEmailDeps = {}): Promise<void> {
  await limitAttempt("signup", { account: input.email, ip }, deps);
  const passwordHash = await hashPassword(input.password); // on both paths, so both take as long
  const existing = await db().user.findUnique({ where: { email: input.email }, select: { id: true } });
  const base = env().APP_URL.replace(/\/+$/, "");
  let mail: { subject: string; heading: string; paragraphs: string[]; link: { href: string; label: string } };
  if (existing) {
    mail = {
      subject: "Someone tried to sign up with your address",
      heading: "You already have an account",
      paragraphs: ["Someone (perhaps you) tried to create a Breakeven account with this email address. You already have one, so nothing was created.", "If it was you, sign in instead. If not, you can ignore this message."],
      link: { href: `${base}/signin`, label: "Sign in" },
    };
  } else {
    const token = randomBytes(32).toString("base64url");
    const pending = { email: input.email, name: input.name, orgName: input.orgName, passwordHash };
    await redisOf(deps).set(pendingKey(token), JSON.stringify(pending), "EX", SIGNUP_LINK_TTL_SECONDS);
    mail = {
      subject: "Finish signing up for Breakeven",
      heading: "Finish signing up",
      paragraphs: [`Follow this link to create your account and the organization "${input.orgName}". It works once, within ${SIGNUP_LINK_TTL_SECONDS / 60} minutes.`, "If you did not sign up, ignore this message: nothing is created."],
      link: { href: `${base}/api/signup/complete?token=${token}`, label: "Create my account" },
    };
  }
  const text = [...mail.paragraphs, `${mail.link.label}: ${mail.link.href}`].join("\n\n");
  await (deps.transport ?? smtpTransport()).sendMail({ from: env().EMAIL_FROM, to: input.email, subject: mail.subject, text, html: simpleEmailHtml(mail) });
}

/** Follow a sign-up link: create the account and org once. An unknown, used or expired token is refused. */
export async function completeSignUpByEmail(token: string, ip = "unknown", deps: SignUpByEmailDeps = {}) {
  const key = pendingKey(token);
  const [[, raw]] = (await redisOf(deps).multi().get(key).del(key).exec()) as [[Error | null, string | null], unknown];
  if (!raw) throw new AppError("NOT_FOUND", "This sign-up link has expired or was already used. Sign up again.");
  return createAccount(pendingSchema.parse(JSON.parse(raw)), ip);
}

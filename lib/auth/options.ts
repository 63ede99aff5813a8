import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import EmailProvider from "next-auth/providers/email";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { verifyPassword } from "@/lib/auth/password";
import { magicLinkAdapter } from "@/lib/auth/magic-link-adapter";
import { assertNotLimited, clearAccount, limitAttempt, recordAttempt, type LimiterDeps } from "@/lib/abuse/attempt-limits";
import { isAppError } from "@/lib/errors";

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1) });

/**
 * Email + password check shared by the sign-in provider and tests. Null on any mismatch; throws
 * RATE_LIMITED once the account (10 failures) or the address (50) has used up its 15-minute window —
 * then even the right password waits (lib/abuse/attempt-limits.ts).
 */
export async function authorizeCredentials(input: unknown, ip = "unknown", deps: LimiterDeps = {}): Promise<{ id: string; email: string; name: string | null } | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const subject = { account: parsed.data.email, ip };
  await assertNotLimited("signin", subject, deps);
  const user = await db().user.findUnique({ where: { email: parsed.data.email } });
  // Hash anyway when the user is unknown so timing does not reveal which emails exist.
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  if (user && ok) {
    await clearAccount("signin", subject, deps);
    return { id: user.id, email: user.email, name: user.name };
  }
  await recordAttempt("signin", subject, deps);
  return null;
}

export function magicLinkEnabled(): boolean {
  return Boolean(env().SMTP_URL);
}

/** `clientIp`: the requesting address, for the sign-in and magic-link limits. */
export function authOptions(clientIp = "unknown"): NextAuthOptions {
  const e = env();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials) => {
        try {
          return await authorizeCredentials(credentials, clientIp);
        } catch (e) {
          // next-auth hands a thrown Error's message to the form (signIn(...).error).
          if (isAppError(e) && e.code === "RATE_LIMITED") throw new Error(e.message);
          throw e;
        }
      },
    }),
  ];
  if (e.SMTP_URL) providers.push(EmailProvider({ server: e.SMTP_URL, from: e.EMAIL_FROM, maxAge: 15 * 60 }));
  return {
    secret: e.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    adapter: e.SMTP_URL ? magicLinkAdapter() : undefined,
    providers,
    pages: { signIn: "/signin", verifyRequest: "/signin?check-email=1", error: "/signin" },
    callbacks: {
      // Magic links are for existing users only: sign-up and invitations create accounts. A request
      // for an unknown address lands on the same "check your email" page (no mail is sent), so the
      // answer does not tell which addresses have accounts. Requests are limited per address and IP.
      async signIn({ user, account, email }) {
        if (account?.type !== "email") return true;
        const address = user.email?.toLowerCase() ?? "";
        if (email?.verificationRequest) {
          try {
            await limitAttempt("magic-link", { account: address, ip: clientIp });
          } catch (e) {
            if (isAppError(e) && e.code === "RATE_LIMITED") return `/signin?limited=${encodeURIComponent(e.message)}`;
            throw e;
          }
        }
        const known = Boolean(address && (await db().user.findUnique({ where: { email: address } })));
        return known || "/signin?check-email=1";
      },
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.email = user.email;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}

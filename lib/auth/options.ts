import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import EmailProvider from "next-auth/providers/email";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { verifyPassword } from "@/lib/auth/password";
import { magicLinkAdapter } from "@/lib/auth/magic-link-adapter";

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1) });

/** Email + password check shared by the sign-in provider and tests. Null on any mismatch. */
export async function authorizeCredentials(input: unknown): Promise<{ id: string; email: string; name: string | null } | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const user = await db().user.findUnique({ where: { email: parsed.data.email } });
  // Hash anyway when the user is unknown so timing does not reveal which emails exist.
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  return user && ok ? { id: user.id, email: user.email, name: user.name } : null;
}

export function magicLinkEnabled(): boolean {
  return Boolean(env().SMTP_URL);
}

export function authOptions(): NextAuthOptions {
  const e = env();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: (credentials) => authorizeCredentials(credentials),
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
      // Magic links are for existing users only: sign-up and invitations create accounts.
      async signIn({ user, account }) {
        if (account?.type !== "email") return true;
        return Boolean(user.email && (await db().user.findUnique({ where: { email: user.email.toLowerCase() } })));
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

import type { Adapter, AdapterUser } from "next-auth/adapters";
import { db } from "@/lib/db";

// The part of a next-auth adapter that the email (magic link) provider needs with JWT sessions:
// verification tokens and user look-up. Accounts and database sessions are not used.
function toAdapterUser(u: { id: string; email: string; name: string | null; emailVerified: Date | null }): AdapterUser {
  return { id: u.id, email: u.email, name: u.name, emailVerified: u.emailVerified };
}

export function magicLinkAdapter(): Adapter {
  return {
    async createUser(user: { email: string; name?: string | null; emailVerified: Date | null }) {
      return toAdapterUser(await db().user.create({ data: { email: user.email.toLowerCase(), name: user.name ?? null, emailVerified: user.emailVerified } }));
    },
    async getUser(id) {
      const u = await db().user.findUnique({ where: { id } });
      return u ? toAdapterUser(u) : null;
    },
    async getUserByEmail(email) {
      const u = await db().user.findUnique({ where: { email: email.toLowerCase() } });
      return u ? toAdapterUser(u) : null;
    },
    async getUserByAccount() {
      return null;
    },
    async updateUser(user) {
      return toAdapterUser(await db().user.update({ where: { id: user.id }, data: { emailVerified: user.emailVerified ?? undefined, name: user.name ?? undefined } }));
    },
    async linkAccount() {
      return undefined;
    },
    async createVerificationToken(token) {
      await db().verificationToken.create({ data: { identifier: token.identifier, token: token.token, expires: token.expires } });
      return token;
    },
    async useVerificationToken({ identifier, token }) {
      const found = await db().verificationToken.findFirst({ where: { identifier, token } });
      if (!found) return null;
      await db().verificationToken.delete({ where: { id: found.id } });
      return { identifier: found.identifier, token: found.token, expires: found.expires };
    },
  };
}

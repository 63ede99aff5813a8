import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { clientAddress } from "@/lib/abuse/attempt-limits";

export const dynamic = "force-dynamic";

// Options are built per request so the environment is read at run time, not at build time.
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions(clientAddress(req.headers)))(req, ctx);
}
export { handler as GET, handler as POST };

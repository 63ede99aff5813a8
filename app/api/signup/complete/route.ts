import { withPublic } from "@/lib/http/route";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { completeSignUpByEmail } from "@/lib/orgs/signup-by-email";
import { clientAddress } from "@/lib/abuse/attempt-limits";

// The link in the "finish signing up" email: creates the account once, then on to sign-in.
export const GET = withPublic(async (req) => {
  const token = new URL(req.url).searchParams.get("token");
  if (!token) throw new AppError("NOT_FOUND", "This sign-up link has expired or was already used. Sign up again.");
  await completeSignUpByEmail(token, clientAddress(req.headers));
  return Response.redirect(new URL("/signin?signedUp=1", env().APP_URL), 303);
});

import { readJson, withPublic } from "@/lib/http/route";
import { env } from "@/lib/env";
import { signUpSchema } from "@/lib/orgs/schemas";
import { signUp } from "@/lib/orgs/signup";
import { requestSignUpByEmail, SIGNUP_CHECK_EMAIL } from "@/lib/orgs/signup-by-email";
import { clientAddress } from "@/lib/abuse/attempt-limits";

// With a mail server, sign-up finishes by email and answers the same for any address (no
// enumeration). Without one (the local demo, a single operator) it completes at once.
export const POST = withPublic(async (req) => {
  const input = await readJson(req, signUpSchema, "sign-up");
  if (env().SMTP_URL) {
    await requestSignUpByEmail(input, clientAddress(req.headers));
    return Response.json({ message: SIGNUP_CHECK_EMAIL }, { status: 202 });
  }
  const { orgSlug } = await signUp(input, clientAddress(req.headers));
  return Response.json({ orgSlug }, { status: 201 });
});

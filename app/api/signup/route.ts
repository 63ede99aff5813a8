import { readJson, withPublic } from "@/lib/http/route";
import { signUpSchema } from "@/lib/orgs/schemas";
import { signUp } from "@/lib/orgs/signup";
import { clientAddress } from "@/lib/abuse/attempt-limits";

export const POST = withPublic(async (req) => {
  const input = await readJson(req, signUpSchema, "sign-up");
  const { orgSlug } = await signUp(input, clientAddress(req.headers));
  return Response.json({ orgSlug }, { status: 201 });
});

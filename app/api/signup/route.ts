import { readJson, withPublic } from "@/lib/http/route";
import { signUpSchema } from "@/lib/orgs/schemas";
import { signUp } from "@/lib/orgs/signup";

export const POST = withPublic(async (req) => {
  const input = await readJson(req, signUpSchema, "sign-up");
  const { orgSlug } = await signUp(input);
  return Response.json({ orgSlug }, { status: 201 });
});

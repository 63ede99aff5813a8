import { magicLinkEnabled } from "@/lib/auth/options";
import { SignInForm } from "./signin-form";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  return <SignInForm magicLink={magicLinkEnabled()} checkEmail={Boolean(sp["check-email"])} signedUp={sp.signedUp === "1"} error={sp.error} limited={sp.limited} />;
}

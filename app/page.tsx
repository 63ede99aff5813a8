import { redirect } from "next/navigation";
import { pageUser } from "@/lib/auth/page";
import { listUserOrgs } from "@/lib/auth/tenancy";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await pageUser();
  const orgs = await listUserOrgs(user.id);
  if (orgs[0]) redirect(`/${orgs[0].slug}/overview`);
  return <main className="p-8">You are not a member of any organisation yet. Ask an admin for an invitation.</main>;
}

import { describeInvitation } from "@/lib/orgs/members";
import { AcceptInviteForm } from "./accept-form";

export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await describeInvitation(token);
  return (
    <main className="min-h-screen flex items-center justify-center p-6">
      <div className="w-full max-w-sm">
        <p className="text-2xl font-semibold mb-6">Breakeven</p>
        {invite ? <AcceptInviteForm token={token} {...invite} /> : <p>This invitation is no longer valid. Ask the person who invited you for a new one.</p>}
      </div>
    </main>
  );
}

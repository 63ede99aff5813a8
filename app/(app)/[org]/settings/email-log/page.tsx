import { pageOrgContext } from "@/lib/auth/page";
import { env } from "@/lib/env";
import { EMAIL_LOG_PAGE_SIZE, listEmailDeliveries } from "@/lib/email/log";

export const dynamic = "force-dynamic";

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "—");

// Every email the org's alerts and digests produced, with the message as it was rendered.
export default async function EmailLogPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await pageOrgContext(org, "emailLog.read");
  const entries = await listEmailDeliveries(ctx);
  const smtpConfigured = Boolean(env().SMTP_URL);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Email log</h1>
      <p className="text-sm text-gray-600">
        Every alert and digest email, newest first (the last {EMAIL_LOG_PAGE_SIZE}): to whom, whether it went out, how many tries it took, the last error, and the message exactly as it was written.
        {smtpConfigured ? null : <> No mail server is configured (<code>SMTP_URL</code> is not set), so messages are kept here and marked as not sent.</>}
      </p>
      {entries.length === 0 ? (
        <p className="text-sm text-gray-600">No email yet: alerts that notify someone will appear here.</p>
      ) : (
        <table className="w-full bg-white rounded-lg shadow text-sm" data-testid="email-log">
          <thead>
            <tr className="text-left text-gray-500"><th className="p-2">Written</th><th className="p-2">Recipient</th><th className="p-2">Subject and message</th><th className="p-2">Status</th><th className="p-2">Attempts</th><th className="p-2">Last error</th></tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} className="border-t align-top">
                <td className="p-2 whitespace-nowrap">{when(e.createdAt)}</td>
                <td className="p-2">{e.recipient}</td>
                <td className="p-2">
                  <details>
                    <summary className="cursor-pointer">{e.subject}</summary>
                    <pre className="mt-2 whitespace-pre-wrap text-xs bg-gray-50 p-2 rounded">{e.textBody}</pre>
                  </details>
                </td>
                <td className="p-2">{e.statusLabel}{e.sentAt ? <div className="text-xs text-gray-500">{when(e.sentAt)}</div> : null}</td>
                <td className="p-2">{e.attempts}</td>
                <td className="p-2 text-xs text-gray-700">{e.lastError ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

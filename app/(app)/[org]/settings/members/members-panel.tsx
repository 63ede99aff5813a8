"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";

interface Members {
  members: { id: string; role: string; email: string; name: string | null; since: string }[];
  invitations: { id: string; email: string; role: string; expiresAt: string }[];
}

export function MembersPanel({ org, initial, canManage, roles }: { org: string; initial: Members; canManage: boolean; roles: string[] }) {
  const qc = useQueryClient();
  const key = ["members", org];
  const { data } = useQuery({ queryKey: key, queryFn: () => api<Members>(`/api/orgs/${org}/members`), initialData: initial });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [lastLink, setLastLink] = useState<string | null>(null);
  const invite = useMutation({
    mutationFn: (body: { email: string; role: string }) => api<{ link: string; emailed: boolean }>(`/api/orgs/${org}/invitations`, { body }),
    onSuccess: (r) => {
      setErrors({});
      setLastLink(r.emailed ? null : r.link);
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (e) => setErrors(e instanceof ApiError ? { ...e.fieldErrors(), form: e.message } : { form: String(e) }),
  });
  const changeRole = useMutation({
    mutationFn: ({ id, role }: { id: string; role: string }) => api(`/api/orgs/${org}/members/${id}`, { method: "PATCH", body: { role } }),
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
    onError: (e) => setErrors({ form: e.message }),
  });

  function onInvite(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    invite.mutate({ email: String(f.get("email")), role: String(f.get("role")) });
  }

  return (
    <div className="space-y-6">
      <table className="w-full bg-white rounded-lg shadow text-sm">
        <thead><tr className="text-left text-gray-500"><th className="p-2">Member</th><th className="p-2">Role</th><th className="p-2">Since</th></tr></thead>
        <tbody>
          {data.members.map((m) => (
            <tr key={m.id} className="border-t">
              <td className="p-2">{m.name ? `${m.name} · ` : ""}{m.email}</td>
              <td className="p-2">
                {canManage ? (
                  <select aria-label={`Role of ${m.email}`} value={m.role} onChange={(e) => changeRole.mutate({ id: m.id, role: e.target.value })} className="border rounded px-1">
                    {[...new Set([m.role, ...roles])].map((r) => <option key={r}>{r}</option>)}
                  </select>
                ) : m.role}
              </td>
              <td className="p-2">{m.since.slice(0, 10)}</td>
            </tr>
          ))}
          {data.invitations.map((i) => (
            <tr key={i.id} className="border-t text-gray-500"><td className="p-2">{i.email} (invited)</td><td className="p-2">{i.role}</td><td className="p-2">expires {i.expiresAt.slice(0, 10)}</td></tr>
          ))}
        </tbody>
      </table>
      {canManage ? (
        <form onSubmit={onInvite} noValidate className="bg-white rounded-lg shadow p-4 flex gap-2 items-start">
          <div className="flex-1">
            <input name="email" type="email" placeholder="colleague@company.com" aria-label="Email to invite" className="w-full border rounded px-2 py-1" />
            {errors.email ? <p role="alert" className="text-red-600 text-sm">{errors.email}</p> : null}
          </div>
          <select name="role" aria-label="Role" className="border rounded px-2 py-1">{roles.map((r) => <option key={r}>{r}</option>)}</select>
          <button className="bg-blue-700 text-white rounded px-3 py-1" disabled={invite.isPending}>Invite</button>
        </form>
      ) : null}
      {errors.form && !errors.email ? <p role="alert" className="text-red-600 text-sm">{errors.form}</p> : null}
      {lastLink ? <p className="text-sm">No email server is configured: send this link yourself: <code data-testid="invite-link">{lastLink}</code></p> : null}
    </div>
  );
}

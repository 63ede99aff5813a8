"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";
import type { ApiTokenDto } from "@/lib/api-tokens/tokens";

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "—");

export function TokensPanel({ org, initial, appUrl }: { org: string; initial: ApiTokenDto[]; appUrl: string }) {
  const qc = useQueryClient();
  const key = ["api-tokens", org];
  const { data } = useQuery({ queryKey: key, queryFn: async () => (await api<{ tokens: ApiTokenDto[] }>(`/api/orgs/${org}/api-tokens`)).tokens, initialData: initial });
  const [created, setCreated] = useState<(ApiTokenDto & { token: string }) | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (name: string) => api<ApiTokenDto & { token: string }>(`/api/orgs/${org}/api-tokens`, { body: { name } }),
    onSuccess: (t) => {
      setErrors({});
      setCreated(t);
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (e) => setErrors(e instanceof ApiError ? { ...e.fieldErrors(), form: e.message } : { form: String(e) }),
  });
  const revoke = useMutation({ mutationFn: (id: string) => api(`/api/orgs/${org}/api-tokens/${id}`, { method: "DELETE" }), onSettled: () => qc.invalidateQueries({ queryKey: key }) });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    create.mutate(String(new FormData(form).get("name")), { onSuccess: () => form.reset() });
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} noValidate className="bg-white rounded-lg shadow p-4 flex gap-2 items-start">
        <div className="flex-1">
          <input name="name" aria-label="Token name" placeholder="e.g. LLM gateway (production)" className="w-full border rounded px-2 py-1" />
          {errors.name ? <p role="alert" className="text-red-600 text-sm">{errors.name}</p> : null}
        </div>
        <button className="bg-blue-700 text-white rounded px-3 py-1" disabled={create.isPending}>Create token</button>
      </form>
      {errors.form && !errors.name ? <p role="alert" className="text-red-600 text-sm">{errors.form}</p> : null}
      {created ? (
        <div className="bg-amber-50 border border-amber-300 rounded p-3 text-sm space-y-2">
          <p className="font-medium">Copy this token now: it will not be shown again.</p>
          <code data-testid="new-token" className="block break-all bg-white border rounded p-2">{created.token}</code>
          <pre className="whitespace-pre-wrap text-xs text-gray-700">{`curl -X POST ${appUrl}/api/v1/usage \\
  -H "Authorization: Bearer ${created.token}" -H "Content-Type: application/json" \\
  -d '{"records":[{"id":"req-1","provider":"openai","model":"gpt-4o-mini","timestamp":"${new Date().toISOString().slice(0, 19)}Z","inputTokens":1200,"outputTokens":350}]}'`}</pre>
          <button type="button" className="border rounded px-2 py-0.5" onClick={() => setCreated(null)}>I have copied it</button>
        </div>
      ) : null}
      <table className="w-full bg-white rounded-lg shadow text-sm">
        <thead><tr className="text-left text-gray-500"><th className="p-2">Name</th><th className="p-2">Token</th><th className="p-2">Created</th><th className="p-2">Last used</th><th className="p-2" /></tr></thead>
        <tbody>
          {data.map((t) => (
            <tr key={t.id} className={`border-t ${t.revokedAt ? "text-gray-500" : ""}`}>
              <td className="p-2">{t.name}</td>
              <td className="p-2 font-mono">{t.prefix}…</td>
              <td className="p-2">{day(t.createdAt)}</td>
              <td className="p-2">{day(t.lastUsedAt)}</td>
              <td className="p-2 text-right">
                {t.revokedAt ? `revoked ${day(t.revokedAt)}` : (
                  <button type="button" className="text-red-700 hover:underline" onClick={() => window.confirm(`Revoke "${t.name}"? Clients using it stop working at once.`) && revoke.mutate(t.id)}>Revoke</button>
                )}
              </td>
            </tr>
          ))}
          {data.length === 0 ? <tr><td className="p-2 text-gray-500" colSpan={5}>No tokens yet: create one to push usage (a trace exporter, a gateway or your SDK wrapper) to POST /api/v1/usage.</td></tr> : null}
        </tbody>
      </table>
    </div>
  );
}

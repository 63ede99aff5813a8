"use client";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { api } from "@/components/api";

// Dismiss an opportunity with a reason (kept and reported), or bring a dismissed one back.
export function DismissForm({ org, opportunityKey }: { org: string; opportunityKey: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const dismiss = useMutation({
    mutationFn: () => api(`/api/orgs/${org}/opportunities/dismissals`, { method: "POST", body: { key: opportunityKey, reason } }),
    onSuccess: () => router.refresh(),
  });
  if (!open) return <button type="button" onClick={() => setOpen(true)} className="rounded border border-gray-400 px-2 py-0.5 text-xs">Dismiss…</button>;
  return (
    <form className="flex gap-2 items-start" onSubmit={(e) => { e.preventDefault(); dismiss.mutate(); }}>
      <label className="text-xs">
        <span className="block text-gray-600">Why not (kept and reported)</span>
        <input aria-label="Reason for dismissing" className="border rounded px-2 py-0.5 text-sm w-72" value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" disabled={dismiss.isPending} className="rounded bg-gray-700 text-white px-2 py-0.5 text-xs mt-4 disabled:opacity-50">{dismiss.isPending ? "…" : "Dismiss"}</button>
      {dismiss.error ? <span role="alert" className="text-xs text-red-600 mt-4">{dismiss.error.message}</span> : null}
    </form>
  );
}

export function RestoreButton({ org, opportunityKey }: { org: string; opportunityKey: string }) {
  const router = useRouter();
  const restore = useMutation({
    mutationFn: () => api(`/api/orgs/${org}/opportunities/dismissals?key=${encodeURIComponent(opportunityKey)}`, { method: "DELETE" }),
    onSuccess: () => router.refresh(),
  });
  return (
    <span>
      <button type="button" onClick={() => restore.mutate()} disabled={restore.isPending} className="rounded border border-blue-700 text-blue-700 px-2 py-0.5 text-xs disabled:opacity-50">Restore</button>
      {restore.error ? <span role="alert" className="ml-2 text-xs text-red-600">{restore.error.message}</span> : null}
    </span>
  );
}

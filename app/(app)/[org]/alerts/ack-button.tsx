"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { api } from "@/components/api";

// Acknowledge one alert, then re-render the server page so the inbox and the detail show who did.
export function AckButton({ org, eventId }: { org: string; eventId: string }) {
  const router = useRouter();
  const ack = useMutation({
    mutationFn: () => api(`/api/orgs/${org}/alerts/${eventId}/acknowledge`, { method: "POST" }),
    onSuccess: () => router.refresh(),
  });
  return (
    <span>
      <button type="button" onClick={() => ack.mutate()} disabled={ack.isPending} className="rounded border border-blue-700 text-blue-700 px-2 py-0.5 text-xs hover:bg-blue-50 disabled:opacity-50">
        {ack.isPending ? "…" : "Acknowledge"}
      </button>
      {ack.error ? <span role="alert" className="ml-2 text-xs text-red-600">{ack.error.message}</span> : null}
    </span>
  );
}

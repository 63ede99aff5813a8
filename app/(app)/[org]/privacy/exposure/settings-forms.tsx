"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "@/components/api";

const KINDS = [
  { kind: "PII", label: "Personal data" },
  { kind: "CUSTOMER_CONTENT", label: "Customer content" },
  { kind: "SOURCE_CODE", label: "Source code" },
] as const;

function useSave(url: string) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: unknown) => api(url, { method: "PUT", body }),
    onSuccess: () => {
      setError(null);
      router.refresh();
    },
    onError: (e) => setError(e instanceof ApiError ? e.message : String(e)),
  });
  return { save, error };
}

/** The sensitive data one project sends (owners and admins). */
export function SensitivityForm({ org, provider, projectId, projectName, current }: { org: string; provider: string; projectId: string; projectName: string; current: string[] }) {
  const { save, error } = useSave(`/api/orgs/${org}/project-sensitivity`);
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    save.mutate({ provider, projectId, sensitiveData: f.getAll("sensitiveData").map(String) });
  }
  return (
    <form onSubmit={onSubmit} aria-label={`Sensitive data of ${projectName}`} className="flex flex-wrap gap-2 items-center">
      {KINDS.map((k) => (
        <label key={k.kind} className="whitespace-nowrap">
          <input type="checkbox" name="sensitiveData" value={k.kind} defaultChecked={current.includes(k.kind)} /> {k.label}
        </label>
      ))}
      <button type="submit" className="border rounded px-2">Save</button>
      {error ? <span role="alert" className="text-red-600">{error}</span> : null}
    </form>
  );
}

/** How long the org accepts a vendor keeping its data (blank = no limit). */
export function RetentionLimitForm({ org, current }: { org: string; current: number | null }) {
  const { save, error } = useSave(`/api/orgs/${org}/privacy-settings`);
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const raw = String(new FormData(e.currentTarget).get("maxRetentionDays") ?? "").trim();
    save.mutate({ maxRetentionDays: raw === "" ? null : Number(raw) });
  }
  return (
    <form onSubmit={onSubmit} aria-label="Retention limit" className="flex gap-2 items-center text-sm">
      <label>
        Longest a vendor may keep your data (days) <input name="maxRetentionDays" inputMode="numeric" defaultValue={current ?? ""} placeholder="no limit" className="border rounded px-1 w-20" />
      </label>
      <button type="submit" className="bg-blue-700 text-white rounded px-3 py-1">Save</button>
      {error ? <span role="alert" className="text-red-600 text-xs">{error}</span> : null}
    </form>
  );
}

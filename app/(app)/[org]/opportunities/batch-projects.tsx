"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { api } from "@/components/api";

// Which projects' traffic tolerates delay (the Batch API kind prices them); editable by those who act.
export function BatchProjects({ org, projects, canEdit }: { org: string; projects: { provider: string; externalId: string; name: string; toleratesDelay: boolean }[]; canEdit: boolean }) {
  const router = useRouter();
  const save = useMutation({
    mutationFn: (p: { provider: string; projectId: string; toleratesDelay: boolean }) => api(`/api/orgs/${org}/opportunities/batch-projects`, { method: "PUT", body: p }),
    onSuccess: () => router.refresh(),
  });
  return (
    <section className="bg-white rounded-lg shadow p-4" data-testid="batch-projects">
      <h2 className="text-lg font-semibold mb-1">Projects whose traffic can wait</h2>
      <p className="text-sm text-gray-600 mb-2">A project marked here is priced at the Batch API discount (answers within 24 hours).</p>
      {projects.length === 0 ? <p className="text-sm text-gray-500">No projects yet.</p> : (
        <ul className="text-sm grid grid-cols-1 md:grid-cols-3 gap-1">
          {projects.map((p) => (
            <li key={`${p.provider}/${p.externalId}`}>
              <label>
                <input type="checkbox" checked={p.toleratesDelay} disabled={!canEdit || save.isPending} onChange={(e) => save.mutate({ provider: p.provider, projectId: p.externalId, toleratesDelay: e.target.checked })} />{" "}
                {p.name} <span className="text-gray-500">({p.provider})</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {save.error ? <p role="alert" className="text-xs text-red-600">{save.error.message}</p> : null}
    </section>
  );
}

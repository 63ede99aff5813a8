"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, ApiError } from "@/components/api";
import { formatUsd } from "@/lib/money";
import type { CsvPreview } from "@/lib/ingest/csv-import";

interface ImportRow { id: string; filename: string; status: string; rowCount: number; errorCount: number; createdAt: string }

export function ImportPanel({ org, history }: { org: string; history: ImportRow[] }) {
  const qc = useQueryClient();
  const key = ["imports", org];
  const { data: imports } = useQuery({ queryKey: key, queryFn: async () => (await api<{ imports: ImportRow[] }>(`/api/orgs/${org}/imports`)).imports, initialData: history });
  const [file, setFile] = useState<{ filename: string; content: string } | null>(null);
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const check = useMutation({
    mutationFn: (upload: { filename: string; content: string }) => api<CsvPreview>(`/api/orgs/${org}/imports/preview`, { body: upload }),
    onSuccess: setPreview,
    onError: (e) => setMessage({ ok: false, text: e.message }),
  });
  const commit = useMutation({
    mutationFn: (upload: { filename: string; content: string }) => api<CsvPreview>(`/api/orgs/${org}/imports`, { body: upload }),
    onSuccess: (r) => {
      setMessage({ ok: true, text: `Imported ${r.filename}: ${r.costRows} cost rows and ${r.usageRows} usage rows.` });
      setPreview(null);
      setFile(null);
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (e) => setMessage({ ok: false, text: e instanceof ApiError && e.issues.length ? `${e.message} First: ${e.issues[0]!.field}: ${e.issues[0]!.message}` : e.message }),
  });

  async function onFile(f: File | undefined) {
    setMessage(null);
    setPreview(null);
    if (!f) return setFile(null);
    const upload = { filename: f.name, content: await f.text() };
    setFile(upload);
    check.mutate(upload);
  }

  return (
    <div className="space-y-4">
      <div className="bg-white rounded-lg shadow p-4 space-y-3">
        <label className="block text-sm">
          <span className="block mb-1 text-gray-700">CSV file</span>
          <input type="file" accept=".csv,text/csv" aria-label="CSV file" onChange={(e) => void onFile(e.target.files?.[0])} />
        </label>
        {check.isPending ? <p className="text-sm">Checking…</p> : null}
        {preview ? (
          <div className="text-sm space-y-2" data-testid="csv-preview">
            <p>
              {preview.filename}: {preview.costRows} cost rows, {preview.usageRows} usage rows
              {preview.firstDay ? `, ${preview.firstDay} to ${preview.lastDay}` : ""}
              {preview.totals.map((t) => `, ${formatUsd(t.amount, t.currency)}`).join("")}.
            </p>
            {preview.errorCount > 0 ? (
              <>
                <p role="alert" className="text-red-700">{preview.errorCount} problem(s): fix the file and choose it again. Nothing will be imported until there are none.</p>
                <table className="w-full text-left" data-testid="csv-errors">
                  <thead><tr className="text-gray-500"><th className="p-1">Line</th><th className="p-1">Column</th><th className="p-1">Problem</th></tr></thead>
                  <tbody>
                    {preview.errors.map((e, i) => (
                      <tr key={i} className="border-t"><td className="p-1 tabular-nums">{e.line}</td><td className="p-1">{e.field || "—"}</td><td className="p-1">{e.message}</td></tr>
                    ))}
                  </tbody>
                </table>
              </>
            ) : (
              <button type="button" className="bg-blue-700 text-white rounded px-3 py-1" disabled={commit.isPending || !file} onClick={() => file && commit.mutate(file)}>
                Import {preview.costRows + preview.usageRows} rows
              </button>
            )}
          </div>
        ) : null}
        {message ? <p role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-green-700" : "text-red-700"}`}>{message.text}</p> : null}
      </div>
      <table className="w-full bg-white rounded-lg shadow text-sm">
        <thead><tr className="text-left text-gray-500"><th className="p-2">File</th><th className="p-2">When</th><th className="p-2">Result</th></tr></thead>
        <tbody>
          {imports.map((i) => (
            <tr key={i.id} className="border-t">
              <td className="p-2">{i.filename}</td>
              <td className="p-2">{i.createdAt.slice(0, 16).replace("T", " ")} UTC</td>
              <td className="p-2">{i.status === "COMMITTED" ? `${i.rowCount} rows imported` : `refused: ${i.errorCount} problem(s)`}</td>
            </tr>
          ))}
          {imports.length === 0 ? <tr><td className="p-2 text-gray-500" colSpan={3}>No imports yet: choose a CSV or FOCUS billing export above; it is previewed line by line before anything is saved.</td></tr> : null}
        </tbody>
      </table>
    </div>
  );
}

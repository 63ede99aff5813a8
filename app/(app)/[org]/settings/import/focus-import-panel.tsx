"use client";
import { useState } from "react";
import type { FocusImportSummary } from "@/lib/focus/import";

// FOCUS upload with a progress bar: the file is sent as the request body (XMLHttpRequest reports upload
// progress; fetch does not), then the server reads it as a stream and answers with what it imported.

type State =
  | { phase: "idle" }
  | { phase: "uploading"; name: string; sent: number; total: number }
  | { phase: "processing"; name: string }
  | { phase: "done"; summary: FocusImportSummary }
  | { phase: "failed"; message: string; issues: { field: string; message: string }[] };

const TYPES: Record<string, string> = { gz: "application/gzip", parquet: "application/vnd.apache.parquet", csv: "text/csv" };

export function FocusImportPanel({ org }: { org: string }) {
  const [state, setState] = useState<State>({ phase: "idle" });

  function upload(file: File | undefined) {
    if (!file) return;
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/orgs/${org}/focus/import?filename=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader("content-type", TYPES[file.name.split(".").pop()?.toLowerCase() ?? ""] ?? "application/octet-stream");
    xhr.upload.onprogress = (e) => setState({ phase: "uploading", name: file.name, sent: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.upload.onload = () => setState({ phase: "processing", name: file.name });
    xhr.onerror = () => setState({ phase: "failed", message: "The upload failed (network). Nothing was imported.", issues: [] });
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below
      }
      if (xhr.status === 201) return setState({ phase: "done", summary: body as FocusImportSummary });
      const err = (body as { error?: { message?: string; issues?: { field: string; message: string }[] } } | null)?.error;
      setState({ phase: "failed", message: err?.message ?? `The server answered ${xhr.status}.`, issues: err?.issues ?? [] });
    };
    setState({ phase: "uploading", name: file.name, sent: 0, total: file.size });
    xhr.send(file);
  }

  const pct = state.phase === "uploading" && state.total > 0 ? Math.round((state.sent / state.total) * 100) : state.phase === "processing" ? 100 : 0;
  return (
    <div className="bg-white rounded-lg shadow p-4 space-y-3" data-testid="focus-import">
      <label className="block text-sm">
        <span className="block mb-1 text-gray-700">FOCUS file (CSV, .csv.gz or Parquet)</span>
        <input type="file" accept=".csv,.gz,.parquet,text/csv,application/gzip" aria-label="FOCUS file" disabled={state.phase === "uploading" || state.phase === "processing"} onChange={(e) => upload(e.target.files?.[0])} />
      </label>
      {state.phase === "uploading" || state.phase === "processing" ? (
        <div>
          <div className="h-2 bg-gray-200 rounded" role="progressbar" aria-label="Upload progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
            <div className="h-2 bg-blue-600 rounded" style={{ width: `${pct}%` }} />
          </div>
          <p className="text-sm text-gray-600 mt-1">
            {state.phase === "uploading" ? `Uploading ${state.name}: ${pct}%` : `Reading ${state.name} and summing its AI rows… (a month of a large bill takes minutes)`}
          </p>
        </div>
      ) : null}
      {state.phase === "done" ? (
        <div className="text-sm space-y-1" role="status">
          <p className="text-green-800">
            Imported {state.summary.filename}: {state.summary.aiRows.toLocaleString()} AI rows of {state.summary.rows.toLocaleString()} ({state.summary.skippedRows.toLocaleString()} outside AI skipped),{" "}
            {state.summary.billed} {state.summary.currency.toUpperCase()} billed, {state.summary.firstDay ?? "—"} to {state.summary.lastDay ?? "—"}. Replaced: {state.summary.sources.join(", ") || "nothing"}.
          </p>
          {state.summary.otherCurrencies.map((o) => (
            <p key={o.currency} className="text-amber-800">{o.message}</p>
          ))}
          {state.summary.warningCount ? (
            <p className="text-gray-600">
              {state.summary.warningCount} conformance warning(s) in columns the import does not use, e.g. {state.summary.warnings.slice(0, 3).map((w) => `line ${w.line}: ${w.column}: ${w.message}`).join("; ")}
            </p>
          ) : null}
        </div>
      ) : null}
      {state.phase === "failed" ? (
        <div className="text-sm text-red-700" role="alert">
          <p>{state.message}</p>
          <ul className="list-disc ml-5">
            {state.issues.slice(0, 20).map((i, n) => (
              <li key={n}>{i.field}: {i.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

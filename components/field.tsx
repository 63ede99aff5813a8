"use client";
import type { InputHTMLAttributes } from "react";

export function Field({ label, error, ...input }: { label: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = input.id ?? input.name;
  return (
    <label htmlFor={id} className="block mb-3 text-sm">
      <span className="block mb-1 text-gray-700">{label}</span>
      <input id={id} {...input} aria-invalid={Boolean(error)} className={`w-full rounded-md border px-3 py-2 ${error ? "border-red-500" : "border-gray-300"}`} />
      {error ? <span role="alert" data-field-error={input.name} className="block mt-1 text-red-600">{error}</span> : null}
    </label>
  );
}

export function SubmitButton({ children, busy }: { children: string; busy?: boolean }) {
  return (
    <button type="submit" disabled={busy} className="w-full rounded-md bg-blue-700 text-white py-2 font-medium disabled:opacity-60">
      {busy ? "Working…" : children}
    </button>
  );
}

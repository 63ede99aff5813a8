"use client";
// Client-side JSON calls to our route handlers; errors carry the server's field issues.
export interface ApiIssue { field: string; message: string }
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly issues: ApiIssue[] = []) {
    super(message);
  }
  fieldErrors(): Record<string, string> {
    return Object.fromEntries(this.issues.map((i) => [i.field, i.message]));
  }
}

export async function api<T>(url: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const method = init?.method ?? (init?.body ? "POST" : "GET");
  const res = await fetch(url, {
    method,
    // Every change is JSON, even without a body: the server refuses other types (CSRF, lib/http/csrf.ts).
    headers: method === "GET" ? undefined : { "content-type": "application/json" },
    body: init?.body ? JSON.stringify(init.body) : undefined,
  });
  const json = (await res.json().catch(() => ({}))) as { error?: { message: string; issues?: ApiIssue[] } };
  if (!res.ok) throw new ApiError(res.status, json.error?.message ?? `Request failed (${res.status})`, json.error?.issues);
  return json as T;
}

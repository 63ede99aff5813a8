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
  const res = await fetch(url, {
    method: init?.method ?? (init?.body ? "POST" : "GET"),
    headers: init?.body ? { "content-type": "application/json" } : undefined,
    body: init?.body ? JSON.stringify(init.body) : undefined,
  });
  const json = (await res.json().catch(() => ({}))) as { error?: { message: string; issues?: ApiIssue[] } };
  if (!res.ok) throw new ApiError(res.status, json.error?.message ?? `Request failed (${res.status})`, json.error?.issues);
  return json as T;
}

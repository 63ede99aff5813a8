// One error type for the whole of lib/. Each edge translates it once: route handlers map `code`
// to an HTTP status (lib/http/route.ts), server actions to field errors, the worker registry to
// retry or UnrecoverableError.
export type AppErrorCode =
  | "BAD_INPUT" // a field or line is wrong: details name it
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND" // also what another org's resource looks like: never reveal it exists
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "RATE_LIMITED" // our own abuse limits (sign-in, sign-up…): details.retryAfterSeconds
  | "UPSTREAM_AUTH" // a provider refused our credentials: do not retry
  | "UPSTREAM_ENDPOINT_UNAVAILABLE" // 403/404 on one endpoint: this key or account cannot use it; others may still work
  | "UPSTREAM_RATE_LIMITED" // retry after details.retryAfterMs
  | "UPSTREAM_UNAVAILABLE" // 5xx / time-out: retry with back-off
  | "UPSTREAM_BAD_RESPONSE" // body did not match the documented shape: do not retry blindly
  | "REFUSED" // e.g. the SSRF guard refused an address
  | "INTERNAL";

export interface FieldIssue {
  /** dotted path of the field, or "line 12" / "line 12: amount" for files */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details: Record<string, unknown> & { issues?: FieldIssue[] };

  constructor(code: AppErrorCode, message: string, details: Record<string, unknown> & { issues?: FieldIssue[] } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Turn zod issues into FieldIssues whose `field` is the dotted path (prefix for nesting). */
export function zodIssuesToFields(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, prefix = ""): FieldIssue[] {
  return issues.map((i) => {
    const path = i.path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[");
    return { field: [prefix, path].filter(Boolean).join(prefix && path && !path.startsWith("[") ? "." : ""), message: i.message };
  });
}

/** Parse with a zod schema; on failure throw BAD_INPUT naming every bad field. */
export function parseOrThrow<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } } },
  value: unknown,
  what: string,
): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = zodIssuesToFields(r.error.issues);
  const first = issues[0];
  throw new AppError("BAD_INPUT", `${what}: ${first ? `${first.field || "(root)"}: ${first.message}` : "invalid"}`, { issues });
}

import { AppError, isAppError, parseOrThrow } from "@/lib/errors";
import { sessionUserFromRequest, type SessionUser } from "@/lib/auth/session";
import { authorize, resolveOrgContext, type OrgContext } from "@/lib/auth/tenancy";
import type { Action } from "@/lib/auth/permissions";
import { logger } from "@/lib/log";
import { env } from "@/lib/env";
import { assertSameOriginRequest, type BodyKind } from "@/lib/http/csrf";
import { clientAddress } from "@/lib/abuse/attempt-limits";

// One wrapper per edge: handlers below hold no auth code and no try/catch. Thrown AppErrors
// become one JSON error shape { error: { code, message, issues? } } with the matching status.

const STATUS: Record<AppError["code"], number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UPSTREAM_AUTH: 502,
  UPSTREAM_ENDPOINT_UNAVAILABLE: 502,
  UPSTREAM_RATE_LIMITED: 503,
  UPSTREAM_UNAVAILABLE: 503,
  UPSTREAM_BAD_RESPONSE: 502,
  REFUSED: 400,
  INTERNAL: 500,
};

export function errorResponse(e: unknown): Response {
  if (isAppError(e)) {
    const headers: Record<string, string> = typeof e.details.retryAfterSeconds === "number" ? { "retry-after": String(e.details.retryAfterSeconds) } : {};
    return Response.json({ error: { code: e.code, message: e.message, ...(e.details.issues ? { issues: e.details.issues } : {}) } }, { status: STATUS[e.code], headers });
  }
  logger.error("unhandled error in route handler", { error: e instanceof Error ? e.message : String(e) });
  return Response.json({ error: { code: "INTERNAL", message: "Something went wrong on our side." } }, { status: 500 });
}

type Params = Record<string, string | string[] | undefined>;
export interface RouteContext<P extends Params = Params> { params: Promise<P> }

/** A form's JSON is small; routes that take more (CSV upload, push API) say how much. */
export const DEFAULT_MAX_JSON_BYTES = 1024 * 1024;

/**
 * Read and validate a JSON body of at most `maxBytes`, counted while it streams in (an oversized body
 * is never held whole); a body that is not JSON is a BAD_INPUT, not a crash.
 */
export async function readJson<T>(req: Request, schema: Parameters<typeof parseOrThrow<T>>[0], what = "request body", maxBytes = DEFAULT_MAX_JSON_BYTES): Promise<T> {
  let body: unknown;
  try {
    body = await readJsonCapped(req, maxBytes);
  } catch (e) {
    if (isAppError(e) && e.code === "BAD_INPUT") throw new AppError("BAD_INPUT", `${what} must be JSON`, { issues: [{ field: "(body)", message: "not valid JSON" }] });
    throw e;
  }
  return parseOrThrow(schema, body, what);
}

/**
 * Read a body of at most `maxBytes`, refusing early (413) when Content-Length already says more
 * and stopping the read as soon as the limit is passed, so an oversized body is never held whole.
 */
export async function readBodyCapped(req: Request, maxBytes: number): Promise<Buffer> {
  const tooLarge = (n: number | string) => new AppError("PAYLOAD_TOO_LARGE", `The body is ${n} bytes; the limit is ${maxBytes} (send smaller batches)`);
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(declared);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(`more than ${maxBytes}`);
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

/** Read a JSON body of at most `maxBytes` (see readBodyCapped); a body that is not JSON is a BAD_INPUT. */
export async function readJsonCapped(req: Request, maxBytes: number): Promise<unknown> {
  const text = (await readBodyCapped(req, maxBytes)).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_INPUT", "The body must be JSON", { issues: [{ field: "(body)", message: "not valid JSON" }] });
  }
}

export interface RouteOptions {
  /** "upload": a file body (text/csv, text/plain, multipart) instead of JSON; same-origin still required. */
  body?: BodyKind;
}

/**
 * Every browser-facing route (public ones like sign-up included): a state-changing request must be
 * same-origin with a JSON body (lib/http/csrf.ts). Token-authenticated /api/v1 routes use withApiToken.
 */
export function withPublic<P extends Params>(handler: (req: Request, params: P) => Promise<Response>, options: RouteOptions = {}) {
  return async (req: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      assertSameOriginRequest(req, env().APP_URL, options.body);
      return await handler(req, await context.params);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

export function withUser<P extends Params>(handler: (req: Request, user: SessionUser, params: P) => Promise<Response>, options: RouteOptions = {}) {
  return withPublic<P>(async (req, params) => {
    const user = await sessionUserFromRequest(req);
    if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
    return handler(req, user, params);
  }, options);
}

/**
 * For every route under /api/orgs/[org]/…: signed-in user, member of that org (else 404),
 * allowed `permission` (else 403). The handler gets the OrgContext to scope its queries.
 */
export function withOrg<P extends Params & { org: string }>(
  permission: Action,
  handler: (req: Request, ctx: OrgContext, params: P) => Promise<Response>,
  options: RouteOptions = {},
) {
  return withUser<P>(async (req, user, params) => {
    const ctx = { ...(await resolveOrgContext(user.id, params.org)), clientIp: clientAddress(req.headers) };
    authorize(ctx, permission);
    return handler(req, ctx, params);
  }, options);
}

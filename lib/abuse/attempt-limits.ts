import type { Redis } from "ioredis";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { createRedis } from "@/lib/redis";

// Brute-force and abuse limits on the doors anyone can knock on: password sign-in, magic-link
// requests, sign-up and invitation acceptance. Counted in Redis (so they hold across web processes),
// per account and per client address, in fixed windows keyed by the window's number: the clock is
// injectable, and moving it into the next window is a reset. Keys carry QUEUE_PREFIX (one install or
// one test run per prefix). When a limit is reached the answer is "too many attempts, try again in
// N minutes", and the event is written to the audit log of every org the account belongs to (an
// address or an unknown email has no org: it goes to the server log).

export type LimitedAction = "signin" | "magic-link" | "signup" | "invite-accept";
export type LimitScope = "account" | "ip";

interface Rule {
  /** attempts allowed per window for one account (email, invitation) and for one client address */
  account: number;
  ip: number;
  windowMs: number;
  /** what counts: every attempt, or only failures (a right password clears the account's count) */
  counts: "attempts" | "failures";
  what: string;
}

const MINUTE = 60_000;
export const LIMITS: Record<LimitedAction, Rule> = {
  signin: { account: 10, ip: 50, windowMs: 15 * MINUTE, counts: "failures", what: "sign-in" },
  "magic-link": { account: 5, ip: 20, windowMs: 15 * MINUTE, counts: "attempts", what: "sign-in link" },
  signup: { account: 5, ip: 10, windowMs: 60 * MINUTE, counts: "attempts", what: "sign-up" },
  "invite-accept": { account: 10, ip: 30, windowMs: 15 * MINUTE, counts: "failures", what: "invitation" },
};

export interface LimitSubject {
  /** email or invitation id, normalised by the caller */
  account: string;
  /** client address; "unknown" when none could be read */
  ip: string;
}

export interface LimiterDeps {
  redis?: Redis;
  now?: () => number;
}

let shared: Redis | undefined;
function redisOf(deps: LimiterDeps): Redis {
  if (deps.redis) return deps.redis;
  shared ??= createRedis();
  return shared;
}

function keys(action: LimitedAction, subject: LimitSubject, now: number) {
  const window = Math.floor(now / LIMITS[action].windowMs);
  const base = `${env().QUEUE_PREFIX}:limit:${action}`;
  return {
    account: `${base}:account:${subject.account.toLowerCase()}:${window}`,
    ip: `${base}:ip:${subject.ip}:${window}`,
    window,
  };
}

/** Whole minutes until the window ends, at least 1. */
export function minutesLeft(action: LimitedAction, now: number): number {
  const { windowMs } = LIMITS[action];
  const end = (Math.floor(now / windowMs) + 1) * windowMs;
  return Math.max(1, Math.ceil((end - now) / MINUTE));
}

export function tooManyAttempts(action: LimitedAction, now: number, scope: LimitScope): AppError {
  const minutes = minutesLeft(action, now);
  return new AppError("RATE_LIMITED", `Too many ${LIMITS[action].what} attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
    retryAfterSeconds: minutes * 60,
    scope,
    action,
  });
}

/** Throws RATE_LIMITED if this account or address has used up its window. Counts nothing. */
export async function assertNotLimited(action: LimitedAction, subject: LimitSubject, deps: LimiterDeps = {}): Promise<void> {
  const now = (deps.now ?? Date.now)();
  const k = keys(action, subject, now);
  const [account, ip] = (await redisOf(deps).mget(k.account, k.ip)).map((v) => Number(v ?? 0));
  const rule = LIMITS[action];
  if (account! >= rule.account) throw tooManyAttempts(action, now, "account");
  if (ip! >= rule.ip) throw tooManyAttempts(action, now, "ip");
}

/**
 * Count one attempt (or failure) for the account and the address. When this one reaches a limit, the
 * event is audited once. Returns the counts after it.
 */
export async function recordAttempt(action: LimitedAction, subject: LimitSubject, deps: LimiterDeps = {}): Promise<{ account: number; ip: number }> {
  const now = (deps.now ?? Date.now)();
  const k = keys(action, subject, now);
  const ttl = LIMITS[action].windowMs + MINUTE; // the window's keys outlive it a little, then vanish
  const res = await redisOf(deps).multi().incr(k.account).pexpire(k.account, ttl).incr(k.ip).pexpire(k.ip, ttl).exec();
  const account = Number(res?.[0]?.[1] ?? 0);
  const ip = Number(res?.[2]?.[1] ?? 0);
  const rule = LIMITS[action];
  if (account === rule.account) await auditLimit(action, "account", subject);
  if (ip === rule.ip) await auditLimit(action, "ip", subject);
  return { account, ip };
}

/** A right password or an accepted invitation clears the account's failures (not the address's). */
export async function clearAccount(action: LimitedAction, subject: Pick<LimitSubject, "account">, deps: LimiterDeps = {}): Promise<void> {
  const k = keys(action, { ...subject, ip: "-" }, (deps.now ?? Date.now)());
  await redisOf(deps).del(k.account);
}

/** Attempt-counting actions: check, then count this attempt (refused ones are not counted again). */
export async function limitAttempt(action: LimitedAction, subject: LimitSubject, deps: LimiterDeps = {}): Promise<void> {
  await assertNotLimited(action, subject, deps);
  await recordAttempt(action, subject, deps);
}

async function auditLimit(action: LimitedAction, scope: LimitScope, subject: LimitSubject): Promise<void> {
  const data = { action, scope, ip: subject.ip, account: subject.account };
  logger.warn("attempt limit reached", data);
  if (action !== "signin" && action !== "magic-link") return; // sign-up and invitations have no account to file it under yet
  const user = await db().user.findUnique({ where: { email: subject.account.toLowerCase() }, select: { id: true, memberships: { select: { orgId: true } } } });
  if (!user) return;
  await db().auditLog.createMany({
    data: user.memberships.map((m) => ({ orgId: m.orgId, actorUserId: null, action: "auth.rate_limited", targetType: "User", targetId: user.id, ip: subject.ip, data: { ...data, limit: LIMITS[action][scope] } })),
  });
}

/**
 * The client's address: the last X-Forwarded-For entry (the one our own proxy, or Next.js for a direct
 * connection, wrote; entries to its left are the client's word), else X-Real-IP.
 */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined>): string {
  const get = (name: string): string | null => {
    if (headers instanceof Headers) return headers.get(name);
    const v = headers[name];
    return Array.isArray(v) ? v.join(",") : (v ?? null);
  };
  const forwarded = get("x-forwarded-for")?.split(",").map((s) => s.trim()).filter(Boolean);
  return forwarded?.at(-1) ?? get("x-real-ip")?.trim() ?? "unknown";
}

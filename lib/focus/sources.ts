import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, mkdtemp, readdir, realpath, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { z } from "zod";
import { inOrg, type OrgContext } from "@/lib/auth/tenancy";
import { openSecret, sealSecret } from "@/lib/crypto/secrets";
import { db, Prisma } from "@/lib/db";
import { env, fetchAllowList } from "@/lib/env";
import { AppError, isAppError, parseOrThrow } from "@/lib/errors";
import { logger } from "@/lib/log";
import { assertFetchable, safeFetchToFile } from "@/lib/net/safe-fetch";
import { isHttpsOrAllowListedHttp, type AllowListInput, type Resolver } from "@/lib/net/ssrf";
import { getQueue, queueConnection, QUEUES, spreadMinute } from "@/lib/queues";
import { importFocusFile, type FocusImportSummary } from "./import";
import { MAX_FOCUS_UPLOAD_BYTES } from "./upload";

// Scheduled FOCUS drops: an org points Breakeven at a URL its cloud bill export is published at (an S3
// presigned or CDN URL, an internal file server) or, on a self-hosted install, at a folder under the
// operator's FOCUS_DROP_ROOT that the export lands in. A job per source (hourly or daily) fetches the file
// through the one SSRF-guarded client, streamed to a temporary file, and hands it to importFocusFile: the
// import is the upload's, so a re-delivered month replaces its period and a bad file writes nothing.
//
// A URL fetch is conditional (ETag / Last-Modified from the last import) and the file's SHA-256 is compared
// too, so an unchanged file is never imported twice even from a server without validators. A folder's
// files are fingerprinted by size and modification time; each new or changed file is imported, oldest first.
// The optional credential header (e.g. Authorization) is sealed like provider keys, sent only to the
// source's origin (safeFetch never forwards it across origins) and never returned, logged or stored in a
// message: any text we record has it replaced by "[secret]".

export const FOCUS_SOURCE_USER_AGENT = "Breakeven/0.1 (+focus-drop)";
/** A month of a large bill streams in minutes; the headers must come within a minute. */
const FETCH_TIMEOUT_MS = 60 * 60_000;
const HEADERS_TIMEOUT_MS = 60_000;
/** Folder files touched within this long may still be being copied: the next run takes them. */
export const FOLDER_SETTLE_MS = 60_000;
const MAX_FILES_PER_RUN = 50;
/** Longer than a run can take (the fetch's own time-out is one hour, then the import). */
const RUN_LOCK_MS = 3 * 60 * 60_000;
export const DROP_FILE = /\.(csv|csv\.gz|parquet)$/i;

const noCtl = (v: string) => !/[\r\n\u0000]/.test(v);
/** HTTPS; plain HTTP only to a host the operator allow-listed (FETCH_ALLOW_LIST: an intranet file server, the tests' 127.0.0.1). */
const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return isHttpsOrAllowListedHttp(u, fetchAllowList());
    } catch {
      return false;
    }
  }, "must be an https:// URL (plain http:// only to a host in the server's FETCH_ALLOW_LIST)")
  .refine((v) => {
    try {
      const u = new URL(v);
      return !u.username && !u.password;
    } catch {
      return true;
    }
  }, "must not carry user:password: put the credential in the secret header instead");
const headerName = z.string().trim().regex(/^[A-Za-z0-9-]{1,100}$/, "a header name such as Authorization (letters, digits and -)");
const headerValue = z.string().min(1, "is required").max(4000).refine(noCtl, "must be one line");

export const focusSourceInputSchema = z
  .strictObject({
    name: z.string().trim().min(1, "is required").max(100),
    kind: z.enum(["URL", "FOLDER"]),
    url: httpUrl.optional(),
    folder: z.string().trim().min(1, "is required").max(1000).refine(noCtl, "must be one line").optional(),
    schedule: z.enum(["HOURLY", "DAILY"]).default("DAILY"),
    enabled: z.boolean().default(true),
    headerName: headerName.optional(),
    headerValue: headerValue.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "URL" && !v.url) ctx.addIssue({ code: "custom", path: ["url"], message: "is required for a URL source" });
    if (v.kind === "URL" && v.folder) ctx.addIssue({ code: "custom", path: ["folder"], message: "a URL source has no folder" });
    if (v.kind === "FOLDER" && !v.folder) ctx.addIssue({ code: "custom", path: ["folder"], message: "is required for a folder source" });
    if (v.kind === "FOLDER" && (v.url || v.headerName || v.headerValue)) ctx.addIssue({ code: "custom", path: ["url"], message: "a folder source has no URL or header" });
    if (!!v.headerName !== !!v.headerValue) ctx.addIssue({ code: "custom", path: [v.headerName ? "headerValue" : "headerName"], message: "a secret header needs both its name and its value" });
  });

/** Kind is fixed once created. headerValue: a string replaces the secret, null removes the header; absent keeps it. */
export const focusSourcePatchSchema = z.strictObject({
  name: z.string().trim().min(1, "is required").max(100).optional(),
  url: httpUrl.optional(),
  folder: z.string().trim().min(1, "is required").max(1000).refine(noCtl, "must be one line").optional(),
  schedule: z.enum(["HOURLY", "DAILY"]).optional(),
  enabled: z.boolean().optional(),
  headerName: headerName.optional(),
  headerValue: headerValue.nullable().optional(),
});

export interface FocusSourceView {
  id: string;
  name: string;
  kind: "URL" | "FOLDER";
  url: string | null;
  folder: string | null;
  schedule: "HOURLY" | "DAILY";
  enabled: boolean;
  /** the secret's header name and that it is set; its value never leaves the server */
  header: { name: string; set: true } | null;
  lastRunAt: string | null;
  lastStatus: "IMPORTED" | "UNCHANGED" | "FAILED" | null;
  lastError: string | null;
  lastMessage: string | null;
  lastImportId: string | null;
}

type SourceRow = Prisma.FocusSourceGetPayload<object>;

function view(s: SourceRow): FocusSourceView {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    url: s.url,
    folder: s.folder,
    schedule: s.schedule,
    enabled: s.enabled,
    header: s.headerName && s.encryptedHeaderValue ? { name: s.headerName, set: true } : null,
    lastRunAt: s.lastRunAt?.toISOString() ?? null,
    lastStatus: s.lastStatus,
    lastError: s.lastError,
    lastMessage: s.lastMessage,
    lastImportId: s.lastImportId,
  };
}

/** Test seams: the SSRF guard's resolver and allow-list, the drop root (null = not set), the clock. */
export interface FocusSourceOptions {
  resolver?: Resolver;
  allowList?: AllowListInput;
  dropRoot?: string | null;
  now?: Date;
  settleMs?: number;
}

const dropRootOf = (o: FocusSourceOptions) => (o.dropRoot === undefined ? (env().FOCUS_DROP_ROOT ?? null) : o.dropRoot);

function fieldError(field: string, message: string): AppError {
  return new AppError("BAD_INPUT", `${field}: ${message}`, { issues: [{ field, message }] });
}

/**
 * The folder, resolved (symbolic links included) and proved to be FOCUS_DROP_ROOT or inside it. Checked when
 * the source is saved and again on every run (a link may have been changed since).
 */
export async function resolveDropFolder(folder: string, root: string | null, field = "folder"): Promise<string> {
  if (!root) throw fieldError(field, "folder sources are off on this server: the operator sets FOCUS_DROP_ROOT to the directory drops may be read from (a URL source needs no setting)");
  if (!isAbsolute(folder)) throw fieldError(field, `must be an absolute path inside the drop folder ${root}`);
  const outside = (base: string, p: string) => {
    const rel = relative(base, p);
    return rel === ".." || rel.startsWith("../") || isAbsolute(rel);
  };
  // Lexically first, so a path outside the root is refused without telling whether it exists.
  if (outside(resolve(root), resolve(folder))) throw fieldError(field, `${folder} is outside the drop folder FOCUS_DROP_ROOT (${root}); a folder source must be inside it`);
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    throw fieldError(field, `the drop folder FOCUS_DROP_ROOT (${root}) does not exist on this server`);
  }
  let real: string;
  try {
    real = await realpath(folder);
  } catch {
    throw fieldError(field, `${folder} does not exist on the server`);
  }
  if (outside(realRoot, real)) throw fieldError(field, `${folder} leads outside the drop folder FOCUS_DROP_ROOT (${root}) through a symbolic link; a folder source must be inside it`);
  if (!(await stat(real)).isDirectory()) throw fieldError(field, `${folder} is not a folder`);
  return real;
}

// ---- Settings: list, add, change, delete -----------------------------------------------------

export async function listFocusSources(ctx: Pick<OrgContext, "orgId">): Promise<FocusSourceView[]> {
  const rows = await db().focusSource.findMany({ where: inOrg(ctx, {}), orderBy: { createdAt: "asc" } });
  return rows.map(view);
}

async function ownSource(ctx: Pick<OrgContext, "orgId">, id: string): Promise<SourceRow> {
  const s = await db().focusSource.findFirst({ where: inOrg(ctx, { id }) });
  if (!s) throw new AppError("NOT_FOUND", "Not found");
  return s;
}

function audit(ctx: Pick<OrgContext, "orgId" | "userId" | "clientIp">, action: string, id: string, data: Record<string, unknown>) {
  return db().auditLog.create({ data: { orgId: ctx.orgId, actorUserId: ctx.userId, ip: ctx.clientIp ?? null, action, targetType: "FocusSource", targetId: id, data: data as Prisma.InputJsonValue } });
}

export async function addFocusSource(ctx: Pick<OrgContext, "orgId" | "userId" | "clientIp">, body: unknown, options: FocusSourceOptions = {}): Promise<FocusSourceView> {
  const input = parseOrThrow(focusSourceInputSchema, body, "FOCUS source");
  if (input.kind === "URL") await assertFetchable(input.url!, "url", options);
  else await resolveDropFolder(input.folder!, dropRootOf(options));
  const sealed = input.headerValue ? sealSecret(input.headerValue) : null;
  const s = await db().focusSource.create({
    data: {
      orgId: ctx.orgId,
      name: input.name,
      kind: input.kind,
      url: input.kind === "URL" ? input.url! : null,
      folder: input.kind === "FOLDER" ? input.folder! : null,
      schedule: input.schedule,
      enabled: input.enabled,
      headerName: sealed ? input.headerName! : null,
      encryptedHeaderValue: sealed?.ciphertext ?? null,
      headerKeyId: sealed?.keyId ?? null,
      createdById: ctx.userId,
    },
  });
  await audit(ctx, "focusSource.added", s.id, { name: s.name, kind: s.kind, url: s.url, folder: s.folder, schedule: s.schedule, header: s.headerName });
  if (s.enabled) await scheduleFocusSource(s);
  return view(s);
}

export async function updateFocusSource(ctx: Pick<OrgContext, "orgId" | "userId" | "clientIp">, id: string, body: unknown, options: FocusSourceOptions = {}): Promise<FocusSourceView> {
  const patch = parseOrThrow(focusSourcePatchSchema, body, "FOCUS source");
  const s = await ownSource(ctx, id);
  if (s.kind === "URL" && patch.folder !== undefined) throw fieldError("folder", "a URL source has no folder");
  if (s.kind === "FOLDER" && (patch.url !== undefined || patch.headerName !== undefined || patch.headerValue !== undefined)) throw fieldError("url", "a folder source has no URL or header");
  if (patch.url !== undefined) await assertFetchable(patch.url, "url", options);
  if (patch.folder !== undefined) await resolveDropFolder(patch.folder, dropRootOf(options));
  const data: Prisma.FocusSourceUpdateInput = {};
  if (patch.name !== undefined) data.name = patch.name;
  if (patch.schedule !== undefined) data.schedule = patch.schedule;
  if (patch.enabled !== undefined) data.enabled = patch.enabled;
  // A new address is a new file: the validators and fingerprint of the old one no longer apply.
  if (patch.url !== undefined && patch.url !== s.url) Object.assign(data, { url: patch.url, etag: null, lastModified: null, fingerprint: Prisma.DbNull });
  if (patch.folder !== undefined && patch.folder !== s.folder) Object.assign(data, { folder: patch.folder, fingerprint: Prisma.DbNull });
  if (patch.headerValue === null) Object.assign(data, { headerName: null, encryptedHeaderValue: null, headerKeyId: null });
  else if (patch.headerValue !== undefined) {
    const name = patch.headerName ?? s.headerName;
    if (!name) throw fieldError("headerName", "is required with a header value");
    const sealed = sealSecret(patch.headerValue);
    Object.assign(data, { headerName: name, encryptedHeaderValue: sealed.ciphertext, headerKeyId: sealed.keyId });
  } else if (patch.headerName !== undefined) {
    if (!s.encryptedHeaderValue) throw fieldError("headerValue", "is required with a header name");
    data.headerName = patch.headerName;
  }
  const updated = await db().focusSource.update({ where: { id: s.id }, data });
  const changed = Object.keys(patch).map((k) => (k === "headerValue" ? (patch.headerValue === null ? "header removed" : "header secret replaced") : k));
  await audit(ctx, "focusSource.updated", s.id, { name: updated.name, changed });
  if (updated.enabled) await scheduleFocusSource(updated);
  else await unscheduleFocusSource(updated.id);
  return view(updated);
}

export async function deleteFocusSource(ctx: Pick<OrgContext, "orgId" | "userId" | "clientIp">, id: string): Promise<void> {
  const s = await ownSource(ctx, id);
  await db().focusSource.delete({ where: { id: s.id } });
  await audit(ctx, "focusSource.removed", s.id, { name: s.name, kind: s.kind, url: s.url, folder: s.folder });
  await unscheduleFocusSource(s.id);
}

// ---- Scheduling ------------------------------------------------------------------------------

export const focusSourceSchedulerId = (id: string) => `focus-source-${id}`;

/** Hourly at a minute hashed from the id (a thousand sources do not all fetch at :00); daily at 06:<minute> UTC. */
export function focusSourceCron(id: string, schedule: "HOURLY" | "DAILY"): string {
  const minute = spreadMinute(id);
  return schedule === "HOURLY" ? `${minute} * * * *` : `${minute} 6 * * *`;
}

export async function scheduleFocusSource(s: Pick<SourceRow, "id" | "schedule">): Promise<void> {
  const queue = getQueue("focusSource");
  await queue.upsertJobScheduler(focusSourceSchedulerId(s.id), { pattern: focusSourceCron(s.id, s.schedule), tz: "UTC" }, { name: queue.name, data: { sourceId: s.id } });
}

export async function unscheduleFocusSource(id: string): Promise<void> {
  await getQueue("focusSource").removeJobScheduler(focusSourceSchedulerId(id));
}

/** At worker start: every enabled source has its scheduler (Redis may have been emptied). */
export async function ensureFocusSourceSchedulers(): Promise<number> {
  const sources = await db().focusSource.findMany({ where: { enabled: true }, select: { id: true, schedule: true } });
  for (const s of sources) await scheduleFocusSource(s);
  return sources.length;
}

// ---- Import now ------------------------------------------------------------------------------

const BUSY = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);
export const focusRunNowJobId = (id: string) => `focus-source-now-${id}`;

export async function requestFocusSourceRun(ctx: Pick<OrgContext, "orgId" | "userId" | "clientIp">, id: string): Promise<{ queued: boolean; message: string }> {
  const s = await ownSource(ctx, id);
  const queue = getQueue("focusSource");
  const jobId = focusRunNowJobId(s.id);
  const existing = await queue.getJob(jobId);
  const state = existing ? await existing.getState() : null;
  if (state && BUSY.has(state)) return { queued: false, message: state === "active" ? "An import of this source is running now." : "An import of this source is already queued." };
  if (existing) await existing.remove().catch(() => undefined); // finished: its id is free for this one
  const requestId = randomUUID();
  const job = await queue.add(queue.name, QUEUES.focusSource.payload.parse({ sourceId: s.id, requestId }), { jobId });
  // add() with an id already taken (a click at the same instant) adds nothing: only our request id proves it is ours.
  if ((job.data as { requestId?: string }).requestId !== requestId || (await queue.getJob(jobId))?.data.requestId !== requestId) {
    return { queued: false, message: "An import of this source is already queued." };
  }
  await audit(ctx, "focusSource.runRequested", s.id, { name: s.name });
  return { queued: true, message: "Import queued: it starts within seconds." };
}

// ---- The run ---------------------------------------------------------------------------------

export type FocusSourceRun =
  | { status: "gone" | "disabled" | "busy" }
  | { status: "UNCHANGED"; message: string }
  | { status: "IMPORTED"; message: string; imports: FocusImportSummary[] }
  | { status: "FAILED"; error: string; imports: FocusImportSummary[] };

interface UrlFingerprint {
  sha256: string;
}
interface FolderFingerprint {
  files: Record<string, string>;
}

/**
 * One run of a source: fetch or list, import what changed, record the outcome on the source. Never throws
 * for a bad file, a refused address or a server error: those are the source's lastError (the next run
 * is the retry). "Import now" runs the same rules: an unchanged file is not imported again.
 */
export async function runFocusSource(sourceId: string, options: FocusSourceOptions & { manual?: boolean } = {}): Promise<FocusSourceRun> {
  const s = await db().focusSource.findUnique({ where: { id: sourceId } });
  if (!s) {
    await unscheduleFocusSource(sourceId); // a scheduler left behind by a deletion made while Redis was down
    return { status: "gone" };
  }
  if (!s.enabled && !options.manual) {
    await unscheduleFocusSource(sourceId); // paused while Redis was down: "import now" still runs it
    return { status: "disabled" };
  }
  // Two worker processes may hold the scheduled run and an "import now" of the same source at once: one runs,
  // the other stops here (two imports of one file would race to replace the same periods).
  const lock = `${env().QUEUE_PREFIX}:focus-source-running:${s.id}`;
  const token = randomUUID();
  if ((await queueConnection().set(lock, token, "PX", RUN_LOCK_MS, "NX")) !== "OK") return { status: "busy" };
  try {
    return await runUnlocked(s, options);
  } finally {
    // Released only by its holder (a run longer than the lock's life must not free a newer run's lock).
    await queueConnection().eval(`if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`, 1, lock, token);
  }
}

async function runUnlocked(s: SourceRow, options: FocusSourceOptions): Promise<FocusSourceRun> {
  const now = options.now ?? new Date();
  const secret = s.encryptedHeaderValue && s.headerKeyId ? openSecret({ ciphertext: s.encryptedHeaderValue, keyId: s.headerKeyId }) : null;
  const redact = (text: string) => (secret ? text.split(secret).join("[secret]") : text);
  const imports: FocusImportSummary[] = [];
  try {
    const outcome = s.kind === "URL" ? await runUrl(s, secret, imports, options) : await runFolder(s, imports, { ...options, now });
    // updateMany: a source deleted while it ran is simply gone, not an error.
    await db().focusSource.updateMany({
      where: { id: s.id },
      data: { ...outcome.data, lastRunAt: now, lastStatus: outcome.status, lastError: null, lastMessage: redact(outcome.message), ...(imports.length ? { lastImportId: imports.at(-1)!.importId } : {}) },
    });
    logger.info("FOCUS source run", { sourceId: s.id, orgId: s.orgId, status: outcome.status, imports: imports.length });
    return outcome.status === "IMPORTED" ? { status: "IMPORTED", message: outcome.message, imports } : { status: "UNCHANGED", message: outcome.message };
  } catch (e) {
    const error = redact(failureMessage(e));
    logger.warn("FOCUS source run failed", { sourceId: s.id, orgId: s.orgId, error, ...(isAppError(e) ? {} : { cause: redact(e instanceof Error ? e.message : String(e)) }) });
    // Files imported before the failure (folder) are complete imports: their fingerprints were saved as they went.
    await db().focusSource.updateMany({
      where: { id: s.id },
      data: { lastRunAt: now, lastStatus: "FAILED", lastError: error, lastMessage: null, ...(imports.length ? { lastImportId: imports.at(-1)!.importId } : {}) },
    });
    return { status: "FAILED", error, imports };
  }
}

function failureMessage(e: unknown): string {
  if (isAppError(e)) {
    const issues = (e.details.issues ?? []) as { field: string; message: string }[];
    // A conformance failure's message already names the first lines; an address refusal names its reason.
    return issues.length && !e.message.includes(issues[0]!.message) ? `${e.message} (${issues[0]!.field}: ${issues[0]!.message})` : e.message;
  }
  return "An unexpected error stopped the import; nothing was written. The server log has the details.";
}

type Outcome = { status: "IMPORTED" | "UNCHANGED"; message: string; data: Prisma.FocusSourceUpdateManyMutationInput };

function describe(summaries: FocusImportSummary[]): string {
  return summaries
    .map((i) => `${i.filename}: ${i.aiRows} AI row(s) of ${i.rows}, ${i.billed} ${i.currency.toUpperCase()} billed, ${i.firstDay ?? "—"} to ${i.lastDay ?? "—"}; replaced ${i.sources.join(", ") || "nothing"}`)
    .join(" · ");
}

/** The CsvImport's file name: the URL's last path segment (or its host), as a plain name. */
function urlFilename(url: string): string {
  const u = new URL(url);
  const last = decodeURIComponent(basename(u.pathname) || "").replace(/[\\/\u0000]/g, "_");
  return (last || u.hostname).slice(0, 200);
}

async function runUrl(s: SourceRow, secret: string | null, imports: FocusImportSummary[], options: FocusSourceOptions): Promise<Outcome> {
  const dir = await mkdtemp(join(tmpdir(), "breakeven-focus-drop-"));
  const path = join(dir, "drop");
  try {
    const res = await safeFetchToFile(s.url!, path, {
      userAgent: FOCUS_SOURCE_USER_AGENT,
      accept: "text/csv,application/gzip,application/vnd.apache.parquet,application/octet-stream;q=0.9,*/*;q=0.5",
      headers: secret && s.headerName ? { [s.headerName]: secret } : undefined,
      etag: s.etag,
      lastModified: s.lastModified,
      maxBytes: MAX_FOCUS_UPLOAD_BYTES,
      timeoutMs: FETCH_TIMEOUT_MS,
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      resolver: options.resolver,
      allowList: options.allowList,
    });
    if (res.notModified) return { status: "UNCHANGED", message: "Not modified since the last import (the server said 304).", data: {} };
    if (!res.ok) {
      const excerpt = res.body.replace(/\s+/g, " ").trim().slice(0, 200);
      throw new AppError("UPSTREAM_BAD_RESPONSE", `${s.url} answered HTTP ${res.status}${excerpt ? `: ${excerpt}` : ""}. Nothing was imported.`);
    }
    const sha256 = await sha256Of(path);
    const validators = { etag: res.etag, lastModified: res.lastModified };
    if ((s.fingerprint as UrlFingerprint | null)?.sha256 === sha256) {
      return { status: "UNCHANGED", message: `The file is the one imported last time (same SHA-256, ${res.bytes} bytes); nothing to do.`, data: validators };
    }
    const summary = await importFocusFile({ orgId: s.orgId, userId: null }, path, urlFilename(res.finalUrl), { focusSourceId: s.id });
    imports.push(summary);
    return { status: "IMPORTED", message: describe(imports), data: { ...validators, fingerprint: { sha256 } satisfies UrlFingerprint as unknown as Prisma.InputJsonValue } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runFolder(s: SourceRow, imports: FocusImportSummary[], options: FocusSourceOptions & { now: Date }): Promise<Outcome> {
  const folder = await resolveDropFolder(s.folder!, dropRootOf(options));
  const known = { ...((s.fingerprint as FolderFingerprint | null)?.files ?? {}) };
  const settle = options.settleMs ?? FOLDER_SETTLE_MS;
  const candidates: { name: string; path: string; print: string; mtimeMs: number }[] = [];
  let settling = 0;
  for (const name of await readdir(folder)) {
    if (!DROP_FILE.test(name)) continue;
    const path = join(folder, name);
    const st = await lstat(path);
    if (!st.isFile()) continue; // symbolic links and folders are never followed
    const print = `${st.size}:${Math.floor(st.mtimeMs)}`;
    if (known[name] === print) continue;
    if (options.now.getTime() - st.mtimeMs < settle) settling++;
    else candidates.push({ name, path, print, mtimeMs: st.mtimeMs });
  }
  candidates.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
  const todo = candidates.slice(0, MAX_FILES_PER_RUN);
  const later = candidates.length - todo.length + settling;
  if (!todo.length) return { status: "UNCHANGED", message: `No new or changed file in ${s.folder}${later ? ` (${later} still being written; next run)` : ""}.`, data: {} };
  for (const file of todo) {
    try {
      imports.push(await importFocusFile({ orgId: s.orgId, userId: null }, file.path, file.name.slice(0, 200), { focusSourceId: s.id }));
    } catch (e) {
      if (isAppError(e)) throw new AppError(e.code, `${file.name}: ${e.message}`, e.details);
      throw e;
    }
    known[file.name] = file.print;
    // Saved per file: a later file's failure must not make this one import again.
    await db().focusSource.updateMany({ where: { id: s.id }, data: { fingerprint: { files: known } satisfies FolderFingerprint as unknown as Prisma.InputJsonValue } });
  }
  return { status: "IMPORTED", message: `${describe(imports)}${later ? ` (${later} more file(s) next run)` : ""}`, data: {} };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

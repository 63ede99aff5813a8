import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createOrgWithMembers } from "../support/factories";
import { params, requestAs } from "../support/session";

// Every route handler that exists is enumerated from the file system. Each org-scoped method must
// have a case below that asks, as an OWNER of org A, for something of org B; the answer must be
// 404 and must not contain B's data. A new route without a case fails this test.

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
interface Fixture { a: Awaited<ReturnType<typeof createOrgWithMembers>>; b: Awaited<ReturnType<typeof createOrgWithMembers>> }
interface CrossOrgCase { url: (f: Fixture) => string; params: (f: Fixture) => Record<string, string>; body?: unknown; /** B's secret that must not appear */ leak?: (f: Fixture) => string }

const CROSS_ORG: Record<string, CrossOrgCase[]> = {
  "GET /api/orgs/[org]/overview": [{ url: (f) => `/api/orgs/${f.b.org.slug}/overview`, params: (f) => ({ org: f.b.org.slug }) }],
  // Watch and alerts: B's alert event, rule and document (created in the alerts beforeAll below), by B's slug and by A's.
  "GET /api/orgs/[org]/alerts": [{ url: (f) => `/api/orgs/${f.b.org.slug}/alerts?status=all`, params: (f) => ({ org: f.b.org.slug }), leak: () => "B secret alert" }],
  ...alertsCases("alerts", "eventId", () => alertsB.event, ["GET"], "", undefined, "B secret alert"),
  ...alertsCases("alerts", "eventId", () => alertsB.event, ["POST"], "/acknowledge", undefined, "B secret alert"),
  "GET /api/orgs/[org]/alert-rules": [{ url: (f) => `/api/orgs/${f.b.org.slug}/alert-rules`, params: (f) => ({ org: f.b.org.slug }), leak: () => "B secret rule" }],
  "POST /api/orgs/[org]/alert-rules": [{ url: (f) => `/api/orgs/${f.b.org.slug}/alert-rules`, params: (f) => ({ org: f.b.org.slug }), body: { type: "RETIREMENT", name: "intruder", params: {}, recipientEmails: ["intruder@a.test"] } }],
  ...alertsCases("alert-rules", "ruleId", () => alertsB.rule, ["PATCH", "DELETE"], "", { enabled: false }, "B secret rule"),
  ...alertsCases("alert-rules", "ruleId", () => alertsB.rule, ["PUT"], "/routing", { channels: [] }, "B secret rule"),
  // Alert channels (issue 19): B's Slack channel and one of its deliveries.
  "GET /api/orgs/[org]/alert-channels": [{ url: (f) => `/api/orgs/${f.b.org.slug}/alert-channels`, params: (f) => ({ org: f.b.org.slug }), leak: () => "B secret channel" }],
  "POST /api/orgs/[org]/alert-channels": [{ url: (f) => `/api/orgs/${f.b.org.slug}/alert-channels`, params: (f) => ({ org: f.b.org.slug }), body: { kind: "SLACK", name: "intruder", url: "https://hooks.example/intruder" } }],
  ...alertsCases("alert-channels", "channelId", () => alertsB.channel, ["PATCH", "DELETE"], "", { enabled: false }, "B secret channel"),
  ...alertsCases("alert-channels", "channelId", () => alertsB.channel, ["POST"], "/test", undefined, "B secret channel"),
  ...alertsCases("channel-deliveries", "deliveryId", () => alertsB.delivery, ["POST"], "/replay", undefined, "B secret delivery"),
  "GET /api/orgs/[org]/privacy-posture": [{ url: (f) => `/api/orgs/${f.b.org.slug}/privacy-posture`, params: (f) => ({ org: f.b.org.slug }), leak: () => "B secret contract" }],
  "PUT /api/orgs/[org]/privacy-posture": [{ url: (f) => `/api/orgs/${f.b.org.slug}/privacy-posture`, params: (f) => ({ org: f.b.org.slug }), body: { vendor: "openai", offering: "api", field: "retentionDays", value: 1, note: "intruder" } }],
  "GET /api/orgs/[org]/privacy-exposure": [{ url: (f) => `/api/orgs/${f.b.org.slug}/privacy-exposure`, params: (f) => ({ org: f.b.org.slug }), leak: () => "B secret project" }],
  "PUT /api/orgs/[org]/project-sensitivity": [{ url: (f) => `/api/orgs/${f.b.org.slug}/project-sensitivity`, params: (f) => ({ org: f.b.org.slug }), body: { provider: "openai", projectId: "b_secret_proj", sensitiveData: [] } }],
  "PUT /api/orgs/[org]/privacy-settings": [{ url: (f) => `/api/orgs/${f.b.org.slug}/privacy-settings`, params: (f) => ({ org: f.b.org.slug }), body: { maxRetentionDays: 1 } }],
  "DELETE /api/orgs/[org]/privacy-posture": [{ url: (f) => `/api/orgs/${f.b.org.slug}/privacy-posture`, params: (f) => ({ org: f.b.org.slug }), body: { vendor: "openai", offering: "api", field: "retentionDays" } }],
  "PUT /api/orgs/[org]/quiet-hours": [{ url: (f) => `/api/orgs/${f.b.org.slug}/quiet-hours`, params: (f) => ({ org: f.b.org.slug }), body: { start: "00:00", end: "23:00", timeZone: "UTC" } }],
  "GET /api/orgs/[org]/documents": [{ url: (f) => `/api/orgs/${f.b.org.slug}/documents`, params: (f) => ({ org: f.b.org.slug }), leak: () => "B secret document" }],
  "POST /api/orgs/[org]/documents": [{ url: (f) => `/api/orgs/${f.b.org.slug}/documents`, params: (f) => ({ org: f.b.org.slug }), body: { title: "intruder", url: "https://intruder.example/terms", vendor: "x" } }],
  ...alertsCases("documents", "documentId", () => alertsB.document, ["PATCH", "DELETE"], "", { enabled: false }, "B secret document"),
  ...alertsCases("documents", "documentId", () => alertsB.document, ["POST"], "/check", undefined, "B secret document"),
  "GET /api/orgs/[org]/prices": [{ url: (f) => `/api/orgs/${f.b.org.slug}/prices`, params: (f) => ({ org: f.b.org.slug }) }],
  "GET /api/orgs/[org]/spend": [{ url: (f) => `/api/orgs/${f.b.org.slug}/spend?groupBy=project`, params: (f) => ({ org: f.b.org.slug }) }],
  "GET /api/orgs/[org]/spend/export": [{ url: (f) => `/api/orgs/${f.b.org.slug}/spend/export?table=budgets`, params: (f) => ({ org: f.b.org.slug }) }],
  "GET /api/orgs/[org]/audit/export": [{ url: (f) => `/api/orgs/${f.b.org.slug}/audit/export`, params: (f) => ({ org: f.b.org.slug }) }],
  "GET /api/orgs/[org]/otel-attribution": [{ url: (f) => `/api/orgs/${f.b.org.slug}/otel-attribution`, params: (f) => ({ org: f.b.org.slug }) }],
  "PUT /api/orgs/[org]/otel-attribution": [{ url: (f) => `/api/orgs/${f.b.org.slug}/otel-attribution`, params: (f) => ({ org: f.b.org.slug }), body: { projectAttribute: "service.name", userAttributes: ["user.id"], featureAttribute: "app.feature", customerAttribute: "tenant.id", topN: 5 } }],
  "PUT /api/orgs/[org]/opportunities/batch-projects": [{ url: (f) => `/api/orgs/${f.b.org.slug}/opportunities/batch-projects`, params: (f) => ({ org: f.b.org.slug }), body: { provider: "openai", projectId: "proj_b", toleratesDelay: true } }],
  "POST /api/orgs/[org]/opportunities/dismissals": [{ url: (f) => `/api/orgs/${f.b.org.slug}/opportunities/dismissals`, params: (f) => ({ org: f.b.org.slug }), body: { key: "caching:openai:gpt-4o:", reason: "intruder" } }],
  "DELETE /api/orgs/[org]/opportunities/dismissals": [{ url: (f) => `/api/orgs/${f.b.org.slug}/opportunities/dismissals?key=caching%3Aopenai%3Agpt-4o%3A`, params: (f) => ({ org: f.b.org.slug }) }],
  "PUT /api/orgs/[org]/budgets": [{ url: (f) => `/api/orgs/${f.b.org.slug}/budgets`, params: (f) => ({ org: f.b.org.slug }), body: { projectId: "", amount: "1.00" } }],
  "POST /api/orgs/[org]/workloads": [{ url: (f) => `/api/orgs/${f.b.org.slug}/workloads`, params: (f) => ({ org: f.b.org.slug }), body: { name: "intruder group", filter: { provider: ["openai"] } } }],
  "DELETE /api/orgs/[org]/workloads/[workloadId]": [
    { url: (f) => `/api/orgs/${f.b.org.slug}/workloads/${workloadsB.id}`, params: (f) => ({ org: f.b.org.slug, workloadId: workloadsB.id }) },
    // A's own org in the URL but B's group id: still 404.
    { url: (f) => `/api/orgs/${f.a.org.slug}/workloads/${workloadsB.id}`, params: (f) => ({ org: f.a.org.slug, workloadId: workloadsB.id }) },
  ],
  // Saved Spend views (issue 20): B's shared view with a weekly report, by B's slug and by A's.
  "GET /api/orgs/[org]/saved-views": [{ url: (f) => `/api/orgs/${f.b.org.slug}/saved-views`, params: (f) => ({ org: f.b.org.slug }), leak: () => "B secret view" }],
  "POST /api/orgs/[org]/saved-views": [{ url: (f) => `/api/orgs/${f.b.org.slug}/saved-views`, params: (f) => ({ org: f.b.org.slug }), body: { name: "intruder", query: { from: "2026-11-01", to: "2026-11-30" } } }],
  ...alertsCases("saved-views", "viewId", () => viewsB.id, ["PATCH", "DELETE"], "", { pinned: true }, "B secret view"),
  ...alertsCases("saved-views", "viewId", () => viewsB.id, ["PUT", "DELETE"], "/report", { weekday: 1, time: "07:00", addresses: ["intruder@a.test"] }, "B secret view"),
  "GET /api/orgs/[org]/palette": [{ url: (f) => `/api/orgs/${f.b.org.slug}/palette`, params: (f) => ({ org: f.b.org.slug }), leak: () => "B secret view" }],
  // Credits and commitments (issue 21): B's prepaid credit, by B's slug and by A's.
  "GET /api/orgs/[org]/commitments": [{ url: (f) => `/api/orgs/${f.b.org.slug}/commitments`, params: (f) => ({ org: f.b.org.slug }), leak: () => "B secret credit" }],
  "POST /api/orgs/[org]/commitments": [{ url: (f) => `/api/orgs/${f.b.org.slug}/commitments`, params: (f) => ({ org: f.b.org.slug }), body: { provider: "openai", kind: "PREPAID_CREDIT", name: "intruder", amount: "1.00", startsOn: "2026-11-01" } }],
  ...alertsCases("commitments", "commitmentId", () => commitmentsB.id, ["PUT", "DELETE"], "", { provider: "openai", kind: "PREPAID_CREDIT", name: "intruder", amount: "1.00", startsOn: "2026-11-01" }, "B secret credit"),
  "GET /api/orgs/[org]/members": [{ url: (f) => `/api/orgs/${f.b.org.slug}/members`, params: (f) => ({ org: f.b.org.slug }), leak: (f) => f.b.members.OWNER.email }],
  "POST /api/orgs/[org]/invitations": [{ url: (f) => `/api/orgs/${f.b.org.slug}/invitations`, params: (f) => ({ org: f.b.org.slug }), body: { email: "intruder@a.test", role: "ADMIN" } }],
  "PATCH /api/orgs/[org]/members/[memberId]": [
    { url: (f) => `/api/orgs/${f.b.org.slug}/members/${f.b.members.OWNER.membershipId}`, params: (f) => ({ org: f.b.org.slug, memberId: f.b.members.OWNER.membershipId }), body: { role: "FINANCE" } },
    // A's own org in the URL but B's member id: still 404.
    { url: (f) => `/api/orgs/${f.a.org.slug}/members/${f.b.members.OWNER.membershipId}`, params: (f) => ({ org: f.a.org.slug, memberId: f.b.members.OWNER.membershipId }), body: { role: "FINANCE" } },
  ],
  "DELETE /api/orgs/[org]/members/[memberId]": [
    { url: (f) => `/api/orgs/${f.b.org.slug}/members/${f.b.members.OWNER.membershipId}`, params: (f) => ({ org: f.b.org.slug, memberId: f.b.members.OWNER.membershipId }) },
    { url: (f) => `/api/orgs/${f.a.org.slug}/members/${f.b.members.OWNER.membershipId}`, params: (f) => ({ org: f.a.org.slug, memberId: f.b.members.OWNER.membershipId }) },
  ],
  // GPU pools: B's pool and source (created in the GPU beforeAll below), by B's slug and by A's.
  "GET /api/orgs/[org]/gpu-pools": [{ url: (f) => `/api/orgs/${f.b.org.slug}/gpu-pools`, params: (f) => ({ org: f.b.org.slug }), leak: () => "B secret pool" }],
  "POST /api/orgs/[org]/gpu-pools": [{ url: (f) => `/api/orgs/${f.b.org.slug}/gpu-pools`, params: (f) => ({ org: f.b.org.slug }), body: { name: "intruder", gpuModel: "H100", gpuCount: 1, costModel: "CLOUD", hourlyRatePerGpu: "1", powerPricePerKwh: "0.1", pue: "1.2", staffFteShare: "0", staffAnnualCost: "0" } }],
  ...gpuPoolCases(["GET", "PATCH", "DELETE"], "", { name: "hijacked" }),
  ...gpuPoolCases(["POST"], "/sources", { kind: "PROMETHEUS_TEXT", url: "http://intruder:9400/metrics" }),
  ...gpuSourceCases(["PATCH", "DELETE"], { enabled: false }),
  // Migration scenarios: B's two scenarios (created in the scenarios beforeAll below), by B's slug and by A's.
  "GET /api/orgs/[org]/scenarios": [{ url: (f) => `/api/orgs/${f.b.org.slug}/scenarios`, params: (f) => ({ org: f.b.org.slug }), leak: () => "B secret scenario" }],
  "POST /api/orgs/[org]/scenarios": [{ url: (f) => `/api/orgs/${f.b.org.slug}/scenarios`, params: (f) => ({ org: f.b.org.slug }), body: { name: "intruder", inputs: scenarioInputs() } }],
  "GET /api/orgs/[org]/scenarios/measured": [{ url: (f) => `/api/orgs/${f.b.org.slug}/scenarios/measured?provider=openai`, params: (f) => ({ org: f.b.org.slug }) }],
  ...scenarioCases(["GET", "PATCH", "DELETE"], "", { name: "hijacked" }),
  ...scenarioCases(["GET"], "/export", undefined),
  "GET /api/orgs/[org]/scenarios/compare": compareCases(""),
  "GET /api/orgs/[org]/scenarios/compare/export": compareCases("/export"),
  "GET /api/orgs/[org]/risk": [{ url: (f) => `/api/orgs/${f.b.org.slug}/risk`, params: (f) => ({ org: f.b.org.slug }) }],
  // Ingestion: B's connection and API token (created in the ingestion beforeAll below), by B's slug and by A's.
  "GET /api/orgs/[org]/connections": [{ url: (f) => `/api/orgs/${f.b.org.slug}/connections`, params: (f) => ({ org: f.b.org.slug }), leak: () => "B secret connection" }],
  "POST /api/orgs/[org]/connections": [{ url: (f) => `/api/orgs/${f.b.org.slug}/connections`, params: (f) => ({ org: f.b.org.slug }), body: { provider: "openai", name: "intruder", apiKey: "sk-admin-intruder-0000" } }],
  ...connectionCases(["GET", "PATCH", "DELETE"], "", { paused: true }),
  ...connectionCases(["POST"], "/test", undefined),
  ...connectionCases(["GET", "POST"], "/backfill", { months: 1 }),
  ...connectionCases(["POST"], "/sync", undefined),
  "GET /api/orgs/[org]/api-tokens": [{ url: (f) => `/api/orgs/${f.b.org.slug}/api-tokens`, params: (f) => ({ org: f.b.org.slug }), leak: () => "B secret token" }],
  "POST /api/orgs/[org]/api-tokens": [{ url: (f) => `/api/orgs/${f.b.org.slug}/api-tokens`, params: (f) => ({ org: f.b.org.slug }), body: { name: "intruder" } }],
  "DELETE /api/orgs/[org]/api-tokens/[tokenId]": [
    { url: (f) => `/api/orgs/${f.b.org.slug}/api-tokens/${ingest.bToken}`, params: (f) => ({ org: f.b.org.slug, tokenId: ingest.bToken }), leak: () => "B secret token" },
    { url: (f) => `/api/orgs/${f.a.org.slug}/api-tokens/${ingest.bToken}`, params: (f) => ({ org: f.a.org.slug, tokenId: ingest.bToken }), leak: () => "B secret token" },
  ],
  // FOCUS (issue 17): B's upload slot and B's FOCUS export.
  "POST /api/orgs/[org]/focus/import": [{ url: (f) => `/api/orgs/${f.b.org.slug}/focus/import?filename=x.csv`, params: (f) => ({ org: f.b.org.slug }), body: "BilledCost\n1\n" }],
  // Scheduled FOCUS drops: B's URL source (with a sealed header secret), by B's slug and by A's.
  "GET /api/orgs/[org]/focus/sources": [{ url: (f) => `/api/orgs/${f.b.org.slug}/focus/sources`, params: (f) => ({ org: f.b.org.slug }), leak: () => "B secret drop" }],
  "POST /api/orgs/[org]/focus/sources": [{ url: (f) => `/api/orgs/${f.b.org.slug}/focus/sources`, params: (f) => ({ org: f.b.org.slug }), body: { name: "intruder", kind: "URL", url: "https://drops.example/focus.csv" } }],
  ...alertsCases("focus/sources", "sourceId", () => focusB.id, ["PATCH", "DELETE"], "", { name: "hijacked" }, "B secret drop"),
  ...alertsCases("focus/sources", "sourceId", () => focusB.id, ["POST"], "/run", undefined, "B secret drop"),
  "GET /api/orgs/[org]/spend/focus": [{ url: (f) => `/api/orgs/${f.b.org.slug}/spend/focus?from=2026-10-01&to=2026-10-31`, params: (f) => ({ org: f.b.org.slug }) }],
  "GET /api/orgs/[org]/imports": [{ url: (f) => `/api/orgs/${f.b.org.slug}/imports`, params: (f) => ({ org: f.b.org.slug }) }],
  "POST /api/orgs/[org]/imports": [{ url: (f) => `/api/orgs/${f.b.org.slug}/imports`, params: (f) => ({ org: f.b.org.slug }), body: { filename: "x.csv", content: "date,provider,amount\n2026-01-01,openai,99\n" } }],
  "POST /api/orgs/[org]/imports/preview": [{ url: (f) => `/api/orgs/${f.b.org.slug}/imports/preview`, params: (f) => ({ org: f.b.org.slug }), body: { filename: "x.csv", content: "date,provider,amount\n" } }],
  "GET /api/orgs/[org]/reconciliation": [{ url: (f) => `/api/orgs/${f.b.org.slug}/reconciliation?month=2026-11`, params: (f) => ({ org: f.b.org.slug }) }],
};

// B's provider connection and API token.
const ingest = { bConnection: "", bToken: "" };
function connectionCases(methods: string[], suffix: string, body: unknown): Record<string, CrossOrgCase[]> {
  const cases: CrossOrgCase[] = [
    { url: (f) => `/api/orgs/${f.b.org.slug}/connections/${ingest.bConnection}${suffix}`, params: (f) => ({ org: f.b.org.slug, connectionId: ingest.bConnection }), leak: () => "B secret connection" },
    // A's own org in the URL but B's connection id: still 404.
    { url: (f) => `/api/orgs/${f.a.org.slug}/connections/${ingest.bConnection}${suffix}`, params: (f) => ({ org: f.a.org.slug, connectionId: ingest.bConnection }), leak: () => "B secret connection" },
  ];
  return Object.fromEntries(methods.map((m) => [`${m} /api/orgs/[org]/connections/[connectionId]${suffix}`, cases.map((c) => ({ ...c, body: m === "GET" || m === "DELETE" ? undefined : body }))]));
}

const scen = { b1: "", b2: "" };
function scenarioInputs() {
  return { workload: { source: "manual", monthlyTokens: { input: "1000", output: "1000" }, price: { inputPerMTok: "1", outputPerMTok: "1" } }, target: { kind: "api", api: { provider: "x", model: "y", price: { inputPerMTok: "1", outputPerMTok: "1" } } }, horizonMonths: 12 };
}
function scenarioCases(methods: string[], suffix: string, body: unknown): Record<string, CrossOrgCase[]> {
  const cases: CrossOrgCase[] = [
    { url: (f) => `/api/orgs/${f.b.org.slug}/scenarios/${scen.b1}${suffix}`, params: (f) => ({ org: f.b.org.slug, id: scen.b1 }), leak: () => "B secret scenario" },
    { url: (f) => `/api/orgs/${f.a.org.slug}/scenarios/${scen.b1}${suffix}`, params: (f) => ({ org: f.a.org.slug, id: scen.b1 }), leak: () => "B secret scenario" },
  ];
  return Object.fromEntries(methods.map((m) => [`${m} /api/orgs/[org]/scenarios/[id]${suffix}`, cases.map((c) => ({ ...c, body: m === "PATCH" ? body : undefined }))]));
}
function compareCases(suffix: string): CrossOrgCase[] {
  return [
    { url: (f) => `/api/orgs/${f.b.org.slug}/scenarios/compare${suffix}?ids=${scen.b1},${scen.b2}`, params: (f) => ({ org: f.b.org.slug }), leak: () => "B secret scenario" },
    { url: (f) => `/api/orgs/${f.a.org.slug}/scenarios/compare${suffix}?ids=${scen.b1},${scen.b2}`, params: (f) => ({ org: f.a.org.slug }), leak: () => "B secret scenario" },
  ];
}

// B's GPU pool and source, and A's own pool (to ask for B's source under A's pool).
const gpu = { bPool: "", bSource: "", aPool: "" };
function gpuPoolCases(methods: string[], suffix: string, body: unknown): Record<string, CrossOrgCase[]> {
  const cases: CrossOrgCase[] = [
    { url: (f) => `/api/orgs/${f.b.org.slug}/gpu-pools/${gpu.bPool}${suffix}`, params: (f) => ({ org: f.b.org.slug, poolId: gpu.bPool }), leak: () => "B secret pool" },
    { url: (f) => `/api/orgs/${f.a.org.slug}/gpu-pools/${gpu.bPool}${suffix}`, params: (f) => ({ org: f.a.org.slug, poolId: gpu.bPool }), leak: () => "B secret pool" },
  ];
  return Object.fromEntries(methods.map((m) => [`${m} /api/orgs/[org]/gpu-pools/[poolId]${suffix}`, cases.map((c) => ({ ...c, body: m === "GET" || m === "DELETE" ? undefined : body }))]));
}
function gpuSourceCases(methods: string[], body: unknown): Record<string, CrossOrgCase[]> {
  const cases: CrossOrgCase[] = [
    { url: (f) => `/api/orgs/${f.b.org.slug}/gpu-pools/${gpu.bPool}/sources/${gpu.bSource}`, params: (f) => ({ org: f.b.org.slug, poolId: gpu.bPool, sourceId: gpu.bSource }), leak: () => "b-secret-exporter" },
    { url: (f) => `/api/orgs/${f.a.org.slug}/gpu-pools/${gpu.bPool}/sources/${gpu.bSource}`, params: (f) => ({ org: f.a.org.slug, poolId: gpu.bPool, sourceId: gpu.bSource }), leak: () => "b-secret-exporter" },
    // A's own pool in the URL, B's source id: still 404.
    { url: (f) => `/api/orgs/${f.a.org.slug}/gpu-pools/${gpu.aPool}/sources/${gpu.bSource}`, params: (f) => ({ org: f.a.org.slug, poolId: gpu.aPool, sourceId: gpu.bSource }), leak: () => "b-secret-exporter" },
  ];
  return Object.fromEntries(methods.map((m) => [`${m} /api/orgs/[org]/gpu-pools/[poolId]/sources/[sourceId]`, cases.map((c) => ({ ...c, body: m === "DELETE" ? undefined : body }))]));
}

// Routes that are not org-scoped, and why. They are still enumerated so none is forgotten.
const NOT_ORG_SCOPED: Record<string, string> = {
  "GET /api/health": "public liveness probe, no tenant data",
  "GET /api/auth/[...nextauth]": "next-auth's own endpoints",
  "POST /api/auth/[...nextauth]": "next-auth's own endpoints",
  "POST /api/signup": "creates a new org; no existing tenant data",
  "GET /api/signup/complete": "creates a new org from a single-use emailed sign-up token; no existing tenant data",
  "POST /api/invitations/accept": "authorised by the secret invitation token",
  "GET /api/orgs": "lists only the caller's own orgs (asserted below)",
  "POST /api/v1/usage": "org API token auth: the org comes from the token only (wrong token and another org's token: tests/integration/push-api.test.ts)",
  "POST /api/v1/otlp/v1/traces": "org API token auth: the org comes from the token only (another org's token writes to that org only: tests/integration/otlp-ingest.test.ts)",
  "GET /api/v1/openapi.json": "public description of the push API, no tenant data",
  "GET /api/v1/focus": "org API token auth: the org comes from the token only (tests/integration/focus-routes.test.ts)",
};

function routeFiles(dir = "app/api"): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === "route.ts")
    .map((e) => join(e.parentPath, e.name));
}

const METHODS: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const routes: { key: string; handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> }[] = [];
let f: Fixture;

beforeAll(async () => {
  for (const file of routeFiles()) {
    const mod = (await import(/* @vite-ignore */ `../../${file}`)) as Record<string, unknown>;
    const path = "/" + relative("app", file).replace(/\/route\.ts$/, "");
    for (const m of METHODS) if (typeof mod[m] === "function") routes.push({ key: `${m} ${path}`, handler: mod[m] as never });
  }
  f = { a: await createOrgWithMembers("Tenant A", ["OWNER"]), b: await createOrgWithMembers("Tenant B", ["OWNER", "FINANCE"]) };
});

// B's alert event, alert rule and watched document; every case asks for them by B's slug and by A's own slug.
const alertsB = { event: "", rule: "", document: "", channel: "", delivery: "" };
function alertsCases(resource: string, param: string, id: () => string, methods: string[], suffix: string, body: unknown, secret: string): Record<string, CrossOrgCase[]> {
  const cases: CrossOrgCase[] = [
    { url: (f) => `/api/orgs/${f.b.org.slug}/${resource}/${id()}${suffix}`, params: (f) => ({ org: f.b.org.slug, [param]: id() }), leak: () => secret },
    { url: (f) => `/api/orgs/${f.a.org.slug}/${resource}/${id()}${suffix}`, params: (f) => ({ org: f.a.org.slug, [param]: id() }), leak: () => secret },
  ];
  return Object.fromEntries(methods.map((m) => [`${m} /api/orgs/[org]/${resource}/[${param}]${suffix}`, cases.map((c) => ({ ...c, body: m === "PATCH" || m === "PUT" ? body : undefined }))]));
}
beforeAll(async () => {
  const orgId = f.b.org.id;
  const rule = await db().alertRule.create({ data: { orgId, type: "RETIREMENT", name: "B secret rule", params: { withinDays: 30 }, recipientRoles: ["OWNER"] } });
  const event = await db().alertEvent.create({ data: { orgId, ruleId: rule.id, type: "RETIREMENT", dedupKey: "b-secret", severity: "HIGH", title: "B secret alert", body: "B secret alert body", data: {} } });
  const document = await db().vendorDocument.create({ data: { orgId, vendor: "b", kind: "TERMS", title: "B secret document", url: "https://b-secret.example/terms" } });
  const { sealSecret } = await import("@/lib/crypto/secrets");
  const url = sealSecret("https://hooks.slack.com/services/TB/BB/b-secret-path");
  const channel = await db().alertChannel.create({ data: { orgId, kind: "SLACK", name: "B secret channel", urlCiphertext: url.ciphertext, urlKeyId: url.keyId, urlHint: "hooks.slack.com …path" } });
  const delivery = await db().channelDelivery.create({ data: { id: "msg_bsecret", orgId, channelId: channel.id, kind: "TEST", body: '{"text":"B secret delivery"}' } });
  await db().postureOverride.create({ data: { orgId, vendor: "openai", offering: "api", field: "retentionDays", value: 0, note: "B secret contract" } });
  await db().project.create({ data: { orgId, provider: "openai", externalId: "b_secret_proj", name: "B secret project", sensitiveData: ["PII"] } });
  Object.assign(alertsB, { event: event.id, rule: rule.id, document: document.id, channel: channel.id, delivery: delivery.id });
});

const gpuPoolData = (orgId: string, name: string) => ({ orgId, name, gpuModel: "L40S", gpuCount: 1, costModel: "CLOUD" as const, hourlyRatePerGpu: "1", powerPricePerKwh: "0.1" });
beforeAll(async () => {
  const b = await db().gpuPool.create({ data: { ...gpuPoolData(f.b.org.id, "B secret pool"), sources: { create: { orgId: f.b.org.id, kind: "PROMETHEUS_TEXT", url: "http://b-secret-exporter:9400/metrics" } } }, include: { sources: true } });
  Object.assign(gpu, { bPool: b.id, bSource: b.sources[0]!.id, aPool: (await db().gpuPool.create({ data: gpuPoolData(f.a.org.id, "A pool") })).id });
});

beforeAll(async () => {
  const make = async (name: string) => (await db().migrationScenario.create({ data: { orgId: f.b.org.id, name, authorId: f.b.members.OWNER.id, inputs: scenarioInputs() } })).id;
  Object.assign(scen, { b1: await make("B secret scenario"), b2: await make("B secret scenario 2") });
});

beforeAll(async () => {
  const { sealSecret } = await import("@/lib/crypto/secrets");
  const sealed = sealSecret("sk-admin-b-secret-key-9999");
  const connection = await db().providerConnection.create({
    data: { orgId: f.b.org.id, provider: "OPENAI", name: "B secret connection", encryptedCredentials: sealed.ciphertext, credentialsKeyId: sealed.keyId, credentialsLast4: "9999", baseUrl: "http://127.0.0.1:9" },
  });
  const token = await db().apiToken.create({ data: { orgId: f.b.org.id, name: "B secret token", tokenHash: "b".repeat(64), prefix: "bk_bbbbbbbb" } });
  Object.assign(ingest, { bConnection: connection.id, bToken: token.id });
});

// B's saved workload group (break-even page).
const workloadsB = { id: "" };
beforeAll(async () => {
  workloadsB.id = (await db().savedWorkload.create({ data: { orgId: f.b.org.id, name: "B secret group", filter: { provider: ["openai"] } } })).id;
});

// B's shared saved view with a weekly report (Spend).
const focusB = { id: "" };
beforeAll(async () => {
  const { sealSecret } = await import("@/lib/crypto/secrets");
  const sealed = sealSecret("Bearer b-secret-drop-token");
  const s = await db().focusSource.create({ data: { orgId: f.b.org.id, name: "B secret drop", kind: "URL", url: "https://b-secret-drop.example/focus.csv", headerName: "Authorization", encryptedHeaderValue: sealed.ciphertext, headerKeyId: sealed.keyId } });
  focusB.id = s.id;
});
const commitmentsB = { id: "" };
beforeAll(async () => {
  const c = await db().providerCommitment.create({ data: { orgId: f.b.org.id, provider: "openai", kind: "PREPAID_CREDIT", name: "B secret credit", amount: "5000", startsOn: new Date("2026-11-01T00:00:00Z") } });
  commitmentsB.id = c.id;
});
const viewsB = { id: "" };
beforeAll(async () => {
  const v = await db().savedView.create({ data: { orgId: f.b.org.id, ownerId: f.b.members.OWNER.id, name: "B secret view", filters: { provider: [], model: [], project: [], tag: [], groupBy: "provider" }, range: "last-month", shared: true } });
  await db().viewReport.create({ data: { orgId: f.b.org.id, viewId: v.id, weekday: 1, hour: 7, minute: 0, memberIds: [], addresses: ["b-secret@b.test"] } });
  viewsB.id = v.id;
});

describe("tenancy: a member of org A never sees org B", () => {
  it("every route handler is classified (a new route without a cross-org case fails here)", () => {
    expect(routes.length).toBeGreaterThan(0);
    const unclassified = routes.map((r) => r.key).filter((k) => !(k in CROSS_ORG) && !(k in NOT_ORG_SCOPED));
    expect(unclassified).toEqual([]);
    const stale = [...Object.keys(CROSS_ORG), ...Object.keys(NOT_ORG_SCOPED)].filter((k) => !routes.some((r) => r.key === k));
    expect(stale).toEqual([]);
  });

  it("every org-scoped route answers 404 to org A's owner asking for org B, and changes nothing", async () => {
    const before = await db().membership.findMany({ where: { orgId: f.b.org.id }, orderBy: { id: "asc" } });
    const asA = { id: f.a.members.OWNER.id, email: f.a.members.OWNER.email };
    const results: string[] = [];
    for (const r of routes) {
      for (const c of CROSS_ORG[r.key] ?? []) {
        const method = r.key.split(" ")[0]!;
        const res = await r.handler(await requestAs(asA, c.url(f), { method, body: c.body }), params(c.params(f)));
        const text = await res.text();
        results.push(`${r.key} ${c.url(f)} → ${res.status}`);
        expect(res.status, `${r.key} ${c.url(f)}`).toBe(404);
        expect(text).not.toContain(f.b.org.id);
        if (c.leak) expect(text).not.toContain(c.leak(f));
      }
    }
    expect(results.length).toBe(Object.values(CROSS_ORG).flat().length);
    expect(await db().membership.findMany({ where: { orgId: f.b.org.id }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await db().invitation.count({ where: { orgId: f.b.org.id } })).toBe(0);
    expect((await db().organization.findUniqueOrThrow({ where: { id: f.b.org.id } })).monthlyBudget).toBeNull();
    expect(await db().savedWorkload.findMany({ where: { orgId: f.b.org.id }, select: { name: true } })).toEqual([{ name: "B secret group" }]);
  });

  it("without a session every org-scoped route answers 401", async () => {
    for (const r of routes) {
      for (const c of (CROSS_ORG[r.key] ?? []).slice(0, 1)) {
        const res = await r.handler(await requestAs(null, c.url(f), { method: r.key.split(" ")[0], body: c.body }), params(c.params(f)));
        expect(res.status, r.key).toBe(401);
      }
    }
  });

  it("GET /api/orgs lists only the caller's orgs", async () => {
    const { GET } = await import("@/app/api/orgs/route");
    const res = await GET(await requestAs({ id: f.a.members.OWNER.id, email: f.a.members.OWNER.email }, "/api/orgs"), params({}));
    const body = (await res.json()) as { orgs: { slug: string }[] };
    expect(body.orgs.map((o) => o.slug)).toEqual([f.a.org.slug]);
  });
});

describe("tenancy: ingestion", () => {
  it("org B's connection and token are unchanged after every cross-org request above, and nothing was created", async () => {
    const c = await db().providerConnection.findUniqueOrThrow({ where: { id: ingest.bConnection } });
    expect([c.name, c.status, c.backfillJobId]).toEqual(["B secret connection", "PENDING", null]);
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: ingest.bToken } })).revokedAt).toBeNull();
    expect(await db().providerConnection.count({ where: { name: "intruder" } })).toBe(0);
    expect(await db().apiToken.count({ where: { name: "intruder" } })).toBe(0);
    expect(await db().csvImport.count({ where: { orgId: f.b.org.id } })).toBe(0);
    expect(await db().costBucket.count({ where: { orgId: f.b.org.id } })).toBe(0);
  });
});

describe("tenancy: GPU pools", () => {
  it("org B's GPU pool and source are unchanged after every cross-org request above", async () => {
    const pools = await db().gpuPool.findMany({ where: { orgId: f.b.org.id }, include: { sources: true } });
    expect(pools.map((p) => [p.id, p.name, p.sources.map((s) => [s.id, s.url, s.enabled])])).toEqual([[gpu.bPool, "B secret pool", [[gpu.bSource, "http://b-secret-exporter:9400/metrics", true]]]]);
    expect(await db().gpuPool.count({ where: { name: "intruder" } })).toBe(0);
  });
});

describe("tenancy: migration scenarios", () => {
  it("org B's scenarios are unchanged after every cross-org request above, and nothing was created", async () => {
    const rows = await db().migrationScenario.findMany({ where: { orgId: f.b.org.id }, orderBy: { name: "asc" } });
    expect(rows.map((r) => [r.id, r.name])).toEqual([[scen.b1, "B secret scenario"], [scen.b2, "B secret scenario 2"]]);
    expect(await db().migrationScenario.count({ where: { name: { in: ["intruder", "hijacked"] } } })).toBe(0);
  });

  it("org B's span attribution mapping was not written by the cross-org PUT", async () => {
    expect(await db().otelAttribution.count({ where: { orgId: f.b.org.id } })).toBe(0);
  });
});

describe("tenancy: alerts, rules and documents of org B are untouched by org A", () => {
  it("after every cross-org request B's event is unacknowledged, its rule enabled and its document present", async () => {
    expect((await db().alertEvent.findUniqueOrThrow({ where: { id: alertsB.event } })).acknowledgedAt).toBeNull();
    expect((await db().alertRule.findUniqueOrThrow({ where: { id: alertsB.rule } })).enabled).toBe(true);
    expect((await db().vendorDocument.findUniqueOrThrow({ where: { id: alertsB.document } })).enabled).toBe(true);
    expect(await db().alertRule.count({ where: { orgId: f.b.org.id } })).toBe(1);
    expect(await db().vendorDocument.count({ where: { orgId: f.b.org.id } })).toBe(1);
  });
});

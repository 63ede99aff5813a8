import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listAlerts } from "@/app/api/orgs/[org]/alerts/route";
import { GET as getAlert } from "@/app/api/orgs/[org]/alerts/[eventId]/route";
import { POST as acknowledge } from "@/app/api/orgs/[org]/alerts/[eventId]/acknowledge/route";
import { GET as listRules, POST as createRule } from "@/app/api/orgs/[org]/alert-rules/route";
import { DELETE as deleteRule, PATCH as patchRule } from "@/app/api/orgs/[org]/alert-rules/[ruleId]/route";
import { GET as listDocs, POST as addDoc } from "@/app/api/orgs/[org]/documents/route";
import { DELETE as deleteDoc, PATCH as patchDoc } from "@/app/api/orgs/[org]/documents/[documentId]/route";
import { GET as prices } from "@/app/api/orgs/[org]/prices/route";
import { db } from "@/lib/db";
import { closeQueues, getQueue } from "@/lib/queues";
import { ensureDefaultWatchlist } from "@/lib/terms/watch";
import { createOrgWithMembers } from "../support/factories";
import { params, requestAs } from "../support/session";

// The alert, rule and document route handlers with real sessions: who may do what (lib/auth/permissions.ts),
// what a bad body is told (the field), and that the inbox filters and acknowledgement behave.

let f: Awaited<ReturnType<typeof createOrgWithMembers>>;
const as = (role: "OWNER" | "ADMIN" | "FINANCE" | "ENGINEERING" | "EXECUTIVE") => ({ id: f.members[role].id, email: f.members[role].email });
const slug = () => f.org.slug;

beforeAll(async () => {
  f = await createOrgWithMembers("Routes Co", ["OWNER", "ADMIN", "FINANCE", "ENGINEERING", "EXECUTIVE"]);
  await ensureDefaultWatchlist();
});
afterAll(async () => {
  await getQueue("documentsCheck").obliterate({ force: true });
  await closeQueues();
});

describe("alert rules", () => {
  let ruleId: string;
  it("an admin creates a rule; params are validated for its type, naming the field", async () => {
    const bad = await createRule(await requestAs(as("ADMIN"), `/api/orgs/${slug()}/alert-rules`, { method: "POST", body: { type: "BUDGET_THRESHOLD", name: "80%", params: { percent: 0 }, recipientRoles: ["FINANCE"] } }), params({ org: slug() }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues).toEqual([{ field: "params.percent", message: "must be at least 1%" }]);
    const none = await createRule(await requestAs(as("ADMIN"), `/api/orgs/${slug()}/alert-rules`, { method: "POST", body: { type: "RETIREMENT", name: "no one", params: {} } }), params({ org: slug() }));
    expect((await none.json()).error.issues).toEqual([{ field: "recipientRoles", message: "choose at least one role or email address" }]);
    const ok = await createRule(
      await requestAs(as("ADMIN"), `/api/orgs/${slug()}/alert-rules`, { method: "POST", body: { type: "BUDGET_THRESHOLD", name: "80% of budget", params: { percent: 80 }, recipientRoles: ["FINANCE"], recipientEmails: ["CFO@Example.com"], delivery: "DAILY_DIGEST" } }),
      params({ org: slug() }),
    );
    expect(ok.status).toBe(201);
    ruleId = ((await ok.json()) as { id: string }).id;
    const row = await db().alertRule.findUniqueOrThrow({ where: { id: ruleId } });
    expect(row).toMatchObject({ params: { percents: [80], projectId: "" }, recipientEmails: ["cfo@example.com"], delivery: "DAILY_DIGEST", createdById: f.members.ADMIN.id });
  });

  it("engineering may read the rules but not change them", async () => {
    const list = await listRules(await requestAs(as("ENGINEERING"), `/api/orgs/${slug()}/alert-rules`), params({ org: slug() }));
    expect(((await list.json()) as { rules: { id: string }[] }).rules.map((r) => r.id)).toEqual([ruleId]);
    const res = await patchRule(await requestAs(as("ENGINEERING"), `/api/orgs/${slug()}/alert-rules/${ruleId}`, { method: "PATCH", body: { enabled: false } }), params({ org: slug(), ruleId }));
    expect(res.status).toBe(403);
  });

  it("disable, edit params (validated for the rule's type), delete", async () => {
    const p = (body: unknown) => requestAs(as("OWNER"), `/api/orgs/${slug()}/alert-rules/${ruleId}`, { method: "PATCH", body });
    expect((await patchRule(await p({ enabled: false }), params({ org: slug(), ruleId }))).status).toBe(200);
    expect((await patchRule(await p({ params: { percent: 5000 } }), params({ org: slug(), ruleId }))).status).toBe(400);
    expect((await patchRule(await p({ params: { percent: 95 } }), params({ org: slug(), ruleId }))).status).toBe(200);
    expect(await db().alertRule.findUniqueOrThrow({ where: { id: ruleId } })).toMatchObject({ enabled: false, params: { percents: [95], projectId: "" } });
    expect((await deleteRule(await requestAs(as("OWNER"), `/api/orgs/${slug()}/alert-rules/${ruleId}`, { method: "DELETE" }), params({ org: slug(), ruleId }))).status).toBe(200);
    expect(await db().alertRule.count({ where: { orgId: f.org.id } })).toBe(0);
  });
});

describe("alert inbox", () => {
  let eventId: string;
  beforeAll(async () => {
    const mk = (dedupKey: string, type: "TERMS_CHANGE" | "PRICE_CHANGE", severity: "HIGH" | "LOW", title: string) =>
      db().alertEvent.create({ data: { orgId: f.org.id, type, dedupKey, severity, title, body: "body", data: {}, occurredAt: new Date("2026-11-20T00:00:00Z") } });
    eventId = (await mk("t1", "TERMS_CHANGE", "HIGH", "Terms changed")).id;
    await mk("p1", "PRICE_CHANGE", "LOW", "Price fell");
  });

  it("filters by type, severity and acknowledgement", async () => {
    const get = async (q: string) => ((await (await listAlerts(await requestAs(as("EXECUTIVE"), `/api/orgs/${slug()}/alerts?${q}`), params({ org: slug() }))).json()) as { events: { title: string }[] }).events.map((e) => e.title);
    expect((await get("")).sort()).toEqual(["Price fell", "Terms changed"]);
    expect(await get("type=TERMS_CHANGE")).toEqual(["Terms changed"]);
    expect(await get("severity=LOW")).toEqual(["Price fell"]);
    const bad = await listAlerts(await requestAs(as("EXECUTIVE"), `/api/orgs/${slug()}/alerts?severity=URGENT`), params({ org: slug() }));
    expect(bad.status).toBe(400);
  });

  it("engineering acknowledges; an executive may not; it leaves the open list", async () => {
    const url = `/api/orgs/${slug()}/alerts/${eventId}/acknowledge`;
    expect((await acknowledge(await requestAs(as("EXECUTIVE"), url, { method: "POST" }), params({ org: slug(), eventId }))).status).toBe(403);
    const res = await acknowledge(await requestAs(as("ENGINEERING"), url, { method: "POST" }), params({ org: slug(), eventId }));
    expect(res.status).toBe(200);
    const detail = (await (await getAlert(await requestAs(as("FINANCE"), `/api/orgs/${slug()}/alerts/${eventId}`), params({ org: slug(), eventId }))).json()) as { acknowledgedBy: string };
    expect(detail.acknowledgedBy).toBe(f.members.ENGINEERING.email);
    const open = (await (await listAlerts(await requestAs(as("OWNER"), `/api/orgs/${slug()}/alerts?status=open`), params({ org: slug() }))).json()) as { events: { id: string }[]; openCount: number };
    expect(open.events.map((e) => e.id)).not.toContain(eventId);
    expect(open.openCount).toBe(1);
  });
});

describe("watched documents", () => {
  it("engineering adds a URL with a selector; finance may not; a private IP is refused at once", async () => {
    const post = async (role: "ENGINEERING" | "FINANCE", body: unknown) => addDoc(await requestAs(as(role), `/api/orgs/${slug()}/documents`, { method: "POST", body }), params({ org: slug() }));
    expect((await post("FINANCE", { title: "x", url: "https://x.example/terms", vendor: "x" })).status).toBe(403);
    const refused = await post("ENGINEERING", { title: "metadata", url: "http://169.254.169.254/latest/meta-data/", vendor: "x" });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.issues[0]).toMatchObject({ field: "url" });
    expect((await post("ENGINEERING", { title: "ftp", url: "ftp://x.example/terms", vendor: "x" })).status).toBe(400);
    const ok = await post("ENGINEERING", { title: "Cohere Terms", url: "https://cohere.com/terms-of-use", vendor: "cohere", kind: "TERMS", cssSelector: "main article" });
    expect(ok.status).toBe(201);
    const { id } = (await ok.json()) as { id: string };
    expect(await db().vendorDocument.findUniqueOrThrow({ where: { id } })).toMatchObject({ orgId: f.org.id, cssSelector: "main article", enabled: true });
    // the first fetch is queued (the job runs it); a duplicate URL is a conflict
    expect(await getQueue("documentsCheck").getJob(`documents-check-${id}-first`)).toBeTruthy();
    expect((await post("ENGINEERING", { title: "again", url: "https://cohere.com/terms-of-use", vendor: "cohere" })).status).toBe(409);
    const list = (await (await listDocs(await requestAs(as("EXECUTIVE"), `/api/orgs/${slug()}/documents`), params({ org: slug() }))).json()) as { documents: { id: string; isDefault: boolean }[] };
    expect(list.documents.find((d) => d.id === id)?.isDefault).toBe(false);
    expect(list.documents.filter((d) => d.isDefault).length).toBeGreaterThan(10);
    expect((await deleteDoc(await requestAs(as("ENGINEERING"), `/api/orgs/${slug()}/documents/${id}`, { method: "DELETE" }), params({ org: slug(), documentId: id }))).status).toBe(200);
  });

  it("a default watch-list document cannot be changed by an org", async () => {
    const def = await db().vendorDocument.findFirstOrThrow({ where: { orgId: null } });
    const res = await patchDoc(await requestAs(as("OWNER"), `/api/orgs/${slug()}/documents/${def.id}`, { method: "PATCH", body: { enabled: false } }), params({ org: slug(), documentId: def.id }));
    expect(res.status).toBe(403);
    expect((await db().vendorDocument.findUniqueOrThrow({ where: { id: def.id } })).enabled).toBe(true);
  });
});

describe("prices", () => {
  it("answers the prices in effect and a model's history", async () => {
    const res = await prices(await requestAs(as("FINANCE"), `/api/orgs/${slug()}/prices?provider=openai&model=gpt-4`), params({ org: slug() }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { current: unknown[]; recent: unknown[]; history: { provider: string; model: string } };
    expect(body.history).toMatchObject({ provider: "openai", model: "gpt-4" });
    expect(Array.isArray(body.current)).toBe(true);
  });
});

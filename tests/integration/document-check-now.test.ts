import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Worker } from "bullmq";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { closeQueues, getQueue, queueConnection, QUEUES } from "@/lib/queues";
import { manualCheckJobId } from "@/lib/terms/check-now";
import { requestDocumentCheck } from "@/lib/terms/documents";
import { createOrgWithMembers } from "../support/factories";
import { orgContext } from "../support/org-context";
import { waitForJob } from "../support/jobs";

// "Check now" against the real Redis queue: it says "queued" only when this request added a job; a second click
// while that job waits is told so, and a document fetched less than a minute ago is not fetched again.

let ctx: ReturnType<typeof orgContext>;
let documentId: string;
beforeAll(async () => {
  const f = await createOrgWithMembers("Check Now Co", ["ENGINEERING"]);
  ctx = orgContext(f, "ENGINEERING");
  documentId = (await db().vendorDocument.create({ data: { orgId: f.org.id, vendor: "test", kind: "TERMS", title: "Terms", url: "https://example.com/terms" } })).id;
});
afterAll(() => closeQueues());

const jobsOfDocument = async () => (await getQueue("documentsCheck").getJobs(["waiting", "delayed", "active", "completed", "failed"])).filter((j) => j.data.documentId === documentId);

describe("check now for a document", () => {
  it("queues one job on the first click, and says 'already queued' (adding nothing) on the second", async () => {
    const first = await requestDocumentCheck(ctx, documentId, new Date());
    expect(first).toMatchObject({ queued: true });
    const second = await requestDocumentCheck(ctx, documentId, new Date());
    expect(second).toEqual({ queued: false, reason: "already-queued", message: "A check of this document is already queued." });
    expect(await jobsOfDocument()).toHaveLength(1);
  });

  it("two clicks at the same instant: exactly one of them is told 'queued'", async () => {
    await getQueue("documentsCheck").remove(manualCheckJobId(documentId));
    const answers = await Promise.all([requestDocumentCheck(ctx, documentId), requestDocumentCheck(ctx, documentId)]);
    expect(answers.filter((a) => a.queued)).toHaveLength(1);
    expect(await jobsOfDocument()).toHaveLength(1);
  });

  it("after the job ran, a document fetched less than a minute ago is not queued again; a minute later it is", async () => {
    // A worker completes the waiting job the way the real one would record a fetch.
    const fetchedAt = new Date();
    const worker = new Worker(QUEUES.documentsCheck.name, async () => void (await db().vendorDocument.update({ where: { id: documentId }, data: { lastFetchedAt: fetchedAt } })), { connection: queueConnection().duplicate({ maxRetriesPerRequest: null }), prefix: env().QUEUE_PREFIX });
    try {
      expect((await waitForJob("documentsCheck", manualCheckJobId(documentId))).state).toBe("completed");
    } finally {
      await worker.close();
    }
    const soon = await requestDocumentCheck(ctx, documentId, new Date(fetchedAt.getTime() + 30_000));
    expect(soon).toEqual({ queued: false, reason: "checked-recently", message: "This document was checked less than a minute ago; try again in a minute." });
    const later = await requestDocumentCheck(ctx, documentId, new Date(fetchedAt.getTime() + 61_000));
    expect(later).toMatchObject({ queued: true });
    const waiting = await getQueue("documentsCheck").getJob(manualCheckJobId(documentId));
    expect(await waiting?.getState()).toBe("waiting");
  });
});

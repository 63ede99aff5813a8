import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { addDocument, listDocuments } from "@/lib/terms/documents";

export const GET = withOrg("documents.read", async (_req, ctx) => Response.json({ documents: await listDocuments(ctx) }));

// { title, url, vendor, kind?, cssSelector? }; the first fetch is queued at once.
export const POST = withOrg("documents.manage", async (req, ctx) => Response.json(await addDocument(ctx, await readJson(req, z.unknown(), "document")), { status: 201 }));

import { z } from "zod";
import { readJson, withOrg } from "@/lib/http/route";
import { deleteDocument, updateDocument } from "@/lib/terms/documents";

type P = { org: string; documentId: string };

export const PATCH = withOrg<P>("documents.manage", async (req, ctx, { documentId }) => {
  await updateDocument(ctx, documentId, await readJson(req, z.unknown(), "document"));
  return Response.json({ ok: true });
});

export const DELETE = withOrg<P>("documents.manage", async (_req, ctx, { documentId }) => {
  await deleteDocument(ctx, documentId);
  return Response.json({ ok: true });
});

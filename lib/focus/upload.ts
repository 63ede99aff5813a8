import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { z } from "zod";
import { AppError } from "@/lib/errors";

// An uploaded FOCUS file goes to a temporary file as it arrives (never held in memory), capped in size:
// CSV and gzip are then streamed from it, and Parquet, which is read from its footer, needs the whole
// file on disk anyway. The file is removed when the import ends, whatever happened.

/** A month of a large cloud bill is around a gigabyte of CSV; gzip and Parquet are several times smaller. */
export const MAX_FOCUS_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;

export const focusFilenameSchema = z.string().trim().min(1, "required").max(200, "at most 200 characters").refine((s) => !s.includes("\u0000") && !/[\\/]/.test(s), "a file name, without folders or NUL characters");

/**
 * Save the body, refusing it when it is larger than `maxBytes` or shorter than its Content-Length said
 * (a body cut on the way, e.g. by a proxy's buffer, must not import as a shorter bill).
 */
export async function withUploadedFile<T>(body: ReadableStream<Uint8Array> | null, maxBytes: number, use: (path: string) => Promise<T>, declaredLength?: string | null): Promise<T> {
  const declared = declaredLength ? Number(declaredLength) : NaN;
  if (Number.isFinite(declared) && declared > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `The file is ${declared} bytes; the limit is ${maxBytes} (split it by month or compress it with gzip).`);
  if (!body) throw new AppError("BAD_INPUT", "The request has no file: send the FOCUS file as the request body.", { issues: [{ field: "(body)", message: "required" }] });
  const dir = await mkdtemp(join(tmpdir(), "breakeven-focus-"));
  const path = join(dir, "upload");
  try {
    let size = 0;
    const cap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) done(new AppError("PAYLOAD_TOO_LARGE", `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; split it by month or compress it (gzip).`));
        else done(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>), cap, createWriteStream(path));
    if (Number.isFinite(declared) && size !== declared) {
      throw new AppError("BAD_INPUT", `The upload was cut short: ${size} of ${declared} bytes arrived. Nothing was imported; send the file again.`, { issues: [{ field: "(body)", message: "incomplete upload" }] });
    }
    return await use(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

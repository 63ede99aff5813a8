import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import { parse } from "csv-parse";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { AppError } from "@/lib/errors";

// Reading a FOCUS file row by row, never whole: CSV through csv-parse's stream (gzip through zlib on
// the way), Parquet one row group at a time through hyparquet (a pure-JavaScript reader; a row group
// is the unit a Parquet writer buffered, tens of MB). Every row comes out as header name → text or
// null (an empty CSV field is NULL in FOCUS), with the line (CSV) or row number (Parquet) it came from.

export type FocusFormat = "csv" | "csv.gz" | "parquet";

export interface FocusRow {
  line: number;
  record: Record<string, string | null>;
}

export interface FocusReader {
  format: FocusFormat;
  bytes: number;
  header: string[];
  rows: AsyncIterable<FocusRow>;
}

/** Called with the compressed bytes read so far (CSV) or the row groups done (Parquet), for progress. */
export type OnBytes = (done: number, total: number) => void;

async function magic(path: string): Promise<Buffer> {
  const fh = await open(path, "r");
  try {
    const b = Buffer.alloc(4);
    await fh.read(b, 0, 4, 0);
    return b;
  } finally {
    await fh.close();
  }
}

export async function openFocusFile(path: string, onBytes?: OnBytes): Promise<FocusReader> {
  const bytes = (await stat(path)).size;
  const m = await magic(path);
  if (m.toString("latin1") === "PAR1") return openParquet(path, bytes, onBytes);
  const gz = m[0] === 0x1f && m[1] === 0x8b;
  return openCsv(path, bytes, gz, onBytes);
}

async function openCsv(path: string, bytes: number, gz: boolean, onBytes?: OnBytes): Promise<FocusReader> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let read = 0;
  if (onBytes) file.on("data", (chunk) => onBytes((read += chunk.length), bytes));
  const source = gz ? file.pipe(createGunzip()) : file;
  if (gz) file.on("error", (e) => source.destroy(e));
  const parser = source.pipe(parse({ bom: true, relax_column_count: false, skip_empty_lines: true, info: true }));
  source.on("error", (e: Error) => parser.destroy(new AppError("BAD_INPUT", `The file could not be decompressed: ${e.message}`)));
  const it = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  const first = await it.next().catch(csvError);
  if (first.done) throw new AppError("BAD_INPUT", "The file is empty: a FOCUS file starts with a header line naming its columns.");
  const header = first.value.record.map((h) => h.trim());
  async function* rows(): AsyncIterable<FocusRow> {
    for (;;) {
      const n = await it.next().catch(csvError);
      if (n.done) return;
      const { record, info } = n.value;
      const out: Record<string, string | null> = {};
      for (let i = 0; i < header.length; i++) {
        const v = record[i]!;
        out[header[i]!] = v === "" ? null : v;
      }
      yield { line: info.lines, record: out };
    }
  }
  return { format: gz ? "csv.gz" : "csv", bytes, header, rows: rows() };
}

function csvError(e: unknown): never {
  const err = e as { code?: string; lines?: number; message?: string };
  if (err instanceof AppError) throw err;
  throw new AppError("BAD_INPUT", `line ${err.lines ?? "?"}: the CSV is malformed (${err.message ?? String(e)}); nothing was imported.`, {
    issues: [{ field: `line ${err.lines ?? "?"}`, message: err.message ?? String(e) }],
  });
}

/** A Parquet value as FOCUS text: timestamps in ISO 8601 UTC, numbers as written, maps and lists as JSON. */
function parquetText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (v instanceof Date) return v.toISOString().replace(".000Z", "Z");
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
}

async function openParquet(path: string, bytes: number, onBytes?: OnBytes): Promise<FocusReader> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file).catch((e: Error) => {
    throw new AppError("BAD_INPUT", `The Parquet file could not be read: ${e.message}`);
  });
  const header = metadata.schema.slice(1).filter((s) => !s.num_children || s.num_children === 0).map((s) => s.name);
  async function* rows(): AsyncIterable<FocusRow> {
    let start = 0;
    let group = 0;
    for (const rg of metadata.row_groups) {
      const end = start + Number(rg.num_rows);
      const objects = await parquetReadObjects({ file, metadata, rowStart: start, rowEnd: end }).catch((e: Error) => {
        throw new AppError("BAD_INPUT", `rows ${start + 1}–${end}: the Parquet data could not be read (${e.message}); nothing was imported.`);
      });
      for (let i = 0; i < objects.length; i++) {
        const o = objects[i] as Record<string, unknown>;
        const record: Record<string, string | null> = {};
        for (const h of header) record[h] = parquetText(o[h]);
        yield { line: start + i + 1, record };
      }
      start = end;
      onBytes?.(++group, metadata.row_groups.length);
    }
  }
  return { format: "parquet", bytes, header, rows: rows() };
}

import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { dropDatabase, ensureDatabase, migrate, readMigrations } from "@/lib/db/migrate";
import { readDmmf, type DmmfField } from "@/lib/db/dmmf";

// Migrates an EMPTY database with the committed SQL and proves it is what schema.prisma says:
// every model's table, every field's column (compatible type, nullability), every enum, unique
// constraint, index and foreign key. Schema and SQL cannot drift apart without this failing.

const admin = new URL(inject("adminDatabaseUrl"));
admin.pathname = `/breakeven_schema_${randomBytes(3).toString("hex")}`;
const url = admin.toString();
const dmmf = readDmmf();
let client: pg.Client;

beforeAll(async () => {
  await ensureDatabase(url);
  client = new pg.Client({ connectionString: url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await dropDatabase(url);
});

const SCALAR_TYPES: Record<string, string[]> = {
  String: ["text"], Int: ["integer"], BigInt: ["bigint"], Float: ["double precision"], Boolean: ["boolean"],
  DateTime: ["timestamp without time zone", "timestamp with time zone", "date"], Json: ["jsonb", "json"], Decimal: ["numeric"],
};

function expectedType(f: DmmfField): { dataType: string[]; udt?: string; precision?: [number, number] } {
  if (f.isList) return { dataType: ["ARRAY"], udt: f.kind === "enum" ? `_${f.type}` : f.type === "String" ? "_text" : undefined };
  if (f.kind === "enum") return { dataType: ["USER-DEFINED"], udt: f.type };
  if (f.nativeType?.[0] === "Date") return { dataType: ["date"] };
  if (f.type === "Decimal" && f.nativeType?.[0] === "Decimal") return { dataType: ["numeric"], precision: [Number(f.nativeType[1][0]), Number(f.nativeType[1][1])] };
  if (f.type === "DateTime") return { dataType: ["timestamp without time zone", "timestamp with time zone"] };
  return { dataType: SCALAR_TYPES[f.type]! };
}

describe("migrations vs schema.prisma", () => {
  it("applies every migration to an empty database and records it like Prisma", async () => {
    const r = await migrate(url);
    expect(r.applied).toEqual(readMigrations().map((m) => m.name));
    const { rows } = await client.query(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((x) => x.migration_name)).toEqual(r.applied);
    for (const [i, m] of readMigrations().entries()) {
      expect(rows[i].checksum).toBe(m.checksum);
      expect(rows[i].finished_at).not.toBeNull();
      expect(rows[i].applied_steps_count).toBe(1);
    }
    // Running again is a no-op.
    expect((await migrate(url)).applied).toEqual([]);
  });

  it("has a table per model and a column per scalar field with compatible type and nullability", async () => {
    // Partitions of a partitioned table (OtelSpanEvent_p202612, …) are its storage, not models: only
    // the parent is compared (its partitions inherit its columns and indexes by construction).
    const { rows } = await client.query(`SELECT table_name, column_name, data_type, udt_name, is_nullable, numeric_precision, numeric_scale FROM information_schema.columns c
      WHERE table_schema = 'public' AND NOT EXISTS (SELECT 1 FROM pg_class p WHERE p.relname = c.table_name AND p.relispartition)`);
    const tables = new Set(rows.map((r) => r.table_name));
    const problems: string[] = [];
    for (const model of dmmf.datamodel.models) {
      const table = model.dbName ?? model.name;
      if (!tables.has(table)) { problems.push(`missing table ${table}`); continue; }
      const scalarFields = model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
      const dbColumns = rows.filter((r) => r.table_name === table);
      for (const f of scalarFields) {
        const col = dbColumns.find((c) => c.column_name === (f.dbName ?? f.name));
        if (!col) { problems.push(`${table}.${f.name}: missing column`); continue; }
        const t = expectedType(f);
        if (!t.dataType.includes(col.data_type)) problems.push(`${table}.${f.name}: type ${col.data_type}, expected ${t.dataType.join("|")}`);
        if (t.udt && col.udt_name !== t.udt) problems.push(`${table}.${f.name}: udt ${col.udt_name}, expected ${t.udt}`);
        if (t.precision && (col.numeric_precision !== t.precision[0] || col.numeric_scale !== t.precision[1])) problems.push(`${table}.${f.name}: numeric(${col.numeric_precision},${col.numeric_scale}), expected numeric(${t.precision.join(",")})`);
        const nullable = !(f.isRequired || f.isList);
        if ((col.is_nullable === "YES") !== nullable) problems.push(`${table}.${f.name}: nullable=${col.is_nullable}, expected ${nullable ? "YES" : "NO"}`);
      }
      for (const c of dbColumns) if (!scalarFields.some((f) => (f.dbName ?? f.name) === c.column_name)) problems.push(`${table}.${c.column_name}: column not in schema.prisma`);
    }
    for (const t of tables) if (t !== "_prisma_migrations" && !dmmf.datamodel.models.some((m) => (m.dbName ?? m.name) === t)) problems.push(`table ${t} not in schema.prisma`);
    expect(problems).toEqual([]);
  });

  it("has every enum with the same values", async () => {
    const { rows } = await client.query(`SELECT t.typname::text AS typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
    const db = Object.fromEntries(rows.map((r) => [r.typname, r.labels]));
    const schema = Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)]));
    expect(db).toEqual(schema);
  });

  it("has every primary key, unique constraint and index on the same columns", async () => {
    const { rows } = await client.query(`
      SELECT t.relname AS table, i.indisunique AS unique, i.indisprimary AS primary,
             array_agg(a.attname::text ORDER BY k.ord) AS columns
      FROM pg_index i
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE t.relname <> '_prisma_migrations' AND NOT t.relispartition
      GROUP BY t.relname, i.indexrelid, i.indisunique, i.indisprimary`);
    const kind = (r: { primary: boolean; unique: boolean }) => (r.primary ? "id" : r.unique ? "unique" : "normal");
    const inDb = rows.map((r) => `${r.table}:${kind(r)}:${r.columns.join(",")}`).sort();
    const inSchema = dmmf.datamodel.indexes.map((i) => {
      const m = dmmf.datamodel.models.find((x) => x.name === i.model)!;
      return `${m.dbName ?? m.name}:${i.type}:${i.fields.map((f) => f.name).join(",")}`;
    }).sort();
    expect(inDb).toEqual(inSchema);
  });

  it("has every relation as a foreign key with the schema's ON DELETE rule", async () => {
    const { rows } = await client.query(`
      SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS target, c.confdeltype AS on_delete,
             array_agg(a.attname::text ORDER BY k.ord) AS columns
      FROM pg_constraint c CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
      WHERE c.contype = 'f' AND NOT EXISTS (SELECT 1 FROM pg_class p WHERE p.oid = c.conrelid AND p.relispartition) GROUP BY c.oid, c.conrelid, c.confrelid, c.confdeltype`);
    const code: Record<string, string> = { Cascade: "c", SetNull: "n", Restrict: "r", NoAction: "a" };
    const strip = (s: string) => s.replace(/"/g, "");
    const inDb = rows.map((r) => `${strip(r.table)}(${r.columns.join(",")})->${strip(r.target)}:${r.on_delete}`).sort();
    const inSchema = dmmf.datamodel.models.flatMap((m) =>
      m.fields.filter((f) => f.kind === "object" && f.relationFromFields?.length).map((f) => `${m.dbName ?? m.name}(${f.relationFromFields!.join(",")})->${f.type}:${code[f.relationOnDelete ?? ""] ?? (f.isRequired ? "r" : "n")}`),
    ).sort();
    expect(inDb).toEqual(inSchema);
  });
});

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// Prisma's own schema parser (the wasm build the CLI uses), so schema.prisma is read exactly as
// Prisma reads it. Used by the schema-match test and by scripts/schema-to-sql.ts; offline.
const require = createRequire(import.meta.url);
const wasm = require("@prisma/prisma-schema-wasm") as { get_dmmf(params: string): string };

export interface DmmfField {
  name: string;
  kind: "scalar" | "object" | "enum" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  type: string;
  nativeType: [string, string[]] | null;
  dbName?: string | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
export interface DmmfModel { name: string; dbName: string | null; fields: DmmfField[] }
export interface DmmfIndex { model: string; type: "id" | "unique" | "normal" | "fulltext"; isDefinedOnField: boolean; dbName?: string | null; fields: { name: string }[] }
export interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: { name: string; values: { name: string }[] }[]; indexes: DmmfIndex[] };
}

export function readDmmf(schemaPath = "prisma/schema.prisma"): Dmmf {
  const prismaSchema = readFileSync(schemaPath, "utf8");
  return JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema }))) as Dmmf;
}

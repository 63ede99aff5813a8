// Regenerates lib/pricing/snapshot.json, the catalog new installs are seeded with, from the newest dated
// LiteLLM catalog version kept in tests/fixtures/prices (see its README for provenance).
// Run: npx tsx lib/pricing/build-snapshot.ts   (a dev script: nothing at runtime imports it)
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseLiteLlmCatalog } from "@/lib/pricing/litellm";
import { serialiseCatalog } from "@/lib/pricing/serialise";

const SOURCE = {
  file: "tests/fixtures/prices/model_prices.2025-03-17-3b898f73.trimmed.json",
  // tokencost commit that mirrored LiteLLM's file, and its author date (README table)
  revision: "3b898f733678f1dca82e07fb2fb32605f6c0e4c2",
  effectiveFrom: "2025-03-17T23:57:06-07:00",
};

const root = fileURLToPath(new URL("../../", import.meta.url));
const parsed = parseLiteLlmCatalog(readFileSync(root + SOURCE.file, "utf8"));
if (parsed.skipped.length) console.warn("skipped entries:", parsed.skipped);

const snapshot = serialiseCatalog(
  { source: "litellm", effectiveFrom: new Date(SOURCE.effectiveFrom), revision: SOURCE.revision, models: parsed.models },
  {
    upstream: "BerriAI/litellm model_prices_and_context_window.json (MIT), as mirrored with dates by AgentOps-AI/tokencost tokencost/model_prices.json (MIT)",
    mirrorCommit: SOURCE.revision,
    mirrorDate: SOURCE.effectiveFrom,
    file: SOURCE.file,
    note: "trimmed fixture: only the models listed in tests/fixtures/prices/README.md; prices in USD per 1M tokens",
  },
);
writeFileSync(root + "lib/pricing/snapshot.json", JSON.stringify(snapshot, null, 2) + "\n");
console.log(`wrote lib/pricing/snapshot.json: ${snapshot.models.length} models`);

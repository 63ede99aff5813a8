import { MAX_BATCH_BYTES, MAX_BATCH_RECORDS, MAX_TAGS } from "@/lib/ingest/push";

// The OpenAPI 3.1 description of the push API, served at /api/v1/openapi.json. Written by hand to
// read well; tests/integration/push-api.test.ts checks that its example batch is accepted as is.

export const PUSH_EXAMPLE = {
  records: [
    {
      id: "req_01HZX3",
      provider: "openai",
      model: "gpt-4o-mini-2024-07-18",
      timestamp: "2026-11-23T14:05:00Z",
      projectId: "support-bot",
      inputTokens: 1200,
      outputTokens: 350,
      cachedInputTokens: 800,
      cost: "0.000558",
      tags: { team: "support" },
    },
    { id: "daily-2026-11-23-claude", provider: "anthropic", model: "claude-sonnet-4-5", timestamp: "2026-11-23T00:00:00Z", usageKind: "messages", inputTokens: 250000, outputTokens: 40000, requests: 310 },
  ],
};

const count = (description: string) => ({
  description: `${description} Whole number from 0 to 10^12 (a number or a digit string); a day's bucket (same provider, model, project, usage kind) holds at most 10^13.`,
  oneOf: [{ type: "integer", minimum: 0, maximum: 1_000_000_000_000 }, { type: "string", pattern: "^\\d{1,13}$" }],
});

export function pushOpenApi(serverUrl: string) {
  const error = { type: "object", required: ["index", "field", "message"], properties: { index: { type: "integer" }, id: { type: "string" }, field: { type: "string" }, message: { type: "string" } } };
  return {
    openapi: "3.1.0",
    info: {
      title: "Breakeven push API",
      version: "1",
      description:
        "Send usage records or per-request events that no provider billing API reports (gateways, self-built proxies, other vendors). " +
        "Each batch is all or nothing: one invalid record and nothing is stored. Each record's `id` is its idempotency key within your org: " +
        "sending it again is counted as a duplicate and changes nothing, so a batch that timed out can simply be re-sent.",
    },
    servers: [{ url: serverUrl }],
    security: [{ orgToken: [] }],
    components: {
      securitySchemes: { orgToken: { type: "http", scheme: "bearer", description: "An org API token (Settings → API tokens), e.g. `bk_…`." } },
      schemas: {
        UsageRecord: {
          type: "object",
          required: ["id", "provider", "model", "timestamp"],
          additionalProperties: false,
          properties: {
            id: { type: "string", minLength: 1, maxLength: 200, description: "Idempotency id, unique per org. No string field may contain NUL (\\u0000)." },
            provider: { type: "string", description: "openai, anthropic, mistral, … (case-insensitive)." },
            model: { type: "string", maxLength: 200 },
            timestamp: { type: "string", format: "date-time", description: "ISO 8601 with a time zone, from 2015-01-01 to one day ahead of now; the record counts on its UTC day." },
            projectId: { type: "string", maxLength: 200, default: "" },
            usageKind: { type: "string", pattern: "^[a-z_]{1,64}$", default: "completions" },
            inputTokens: count("Input tokens billed at the normal rate (excluding cache reads and writes)."),
            outputTokens: count("Output tokens."),
            cachedInputTokens: count("Input tokens read from a prompt cache."),
            cacheWriteTokens: count("Input tokens written to a prompt cache."),
            requests: { ...count("Requests this record covers."), default: 1 },
            cost: {
              description: "What it cost, in major units (dollars), if known: at most 10 digits before the point and 10 after (a day's bucket too). Without it the record is priced from the model price catalog and marked estimated.",
              oneOf: [{ type: "number", minimum: 0, maximum: 9_999_999_999 }, { type: "string", pattern: "^\\d{1,10}(\\.\\d{1,10})?$" }],
            },
            currency: { type: "string", pattern: "^[A-Za-z]{3}$", default: "usd", description: "Currency of cost; must be the organisation's billing currency, otherwise the batch is refused" },
            tags: { type: "object", additionalProperties: { type: "string", maxLength: 500 }, maxProperties: MAX_TAGS },
          },
        },
        Batch: { type: "object", required: ["records"], properties: { records: { type: "array", maxItems: MAX_BATCH_RECORDS, items: { $ref: "#/components/schemas/UsageRecord" } } } },
        Result: {
          type: "object",
          required: ["accepted", "duplicates", "errors"],
          properties: {
            accepted: { type: "integer", description: "Records stored by this call." },
            duplicates: { type: "integer", description: "Records whose id was already stored (nothing changed)." },
            errors: { type: "array", items: error },
          },
        },
        Error: { type: "object", properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } } } },
      },
    },
    paths: {
      "/api/v1/usage": {
        post: {
          summary: "Push a batch of usage records",
          description: `At most ${MAX_BATCH_RECORDS} records and ${MAX_BATCH_BYTES} bytes per request.`,
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Batch" }, example: PUSH_EXAMPLE } } },
          responses: {
            "200": { description: "Stored (or already stored).", content: { "application/json": { schema: { $ref: "#/components/schemas/Result" }, example: { accepted: 2, duplicates: 0, errors: [] } } } },
            "400": {
              description: "Invalid batch: every problem is listed by record index and field; nothing was stored.",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Result" }, example: { accepted: 0, duplicates: 0, errors: [{ index: 1, id: "req_2", field: "inputTokens", message: "must be a whole number ≥ 0" }] } } },
            },
            "401": { description: "Missing, unknown or revoked token.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
            "413": { description: `More than ${MAX_BATCH_RECORDS} records or ${MAX_BATCH_BYTES} bytes.`, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
          },
        },
      },
    },
  };
}

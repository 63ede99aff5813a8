import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { assertPushBodySize, MAX_BATCH_BYTES, MAX_BATCH_RECORDS, rollupEventsToBuckets, validatePushBatch } from "@/lib/ingest/push";
import { thrown } from "../support/app-error";

const event = (over: Record<string, unknown> = {}) => ({ id: "evt_1", provider: "openai", model: "gpt-4o-mini", timestamp: "2026-01-01T10:00:00Z", ...over });

describe("validatePushBatch", () => {
  it("normalises a minimal event: defaults requests 1, usd, empty project, no cost", () => {
    const { valid, errors } = validatePushBatch({ records: [event({ provider: "OpenAI" })] });
    expect(errors).toEqual([]);
    expect(valid).toEqual([
      {
        id: "evt_1",
        provider: "openai",
        model: "gpt-4o-mini",
        occurredAt: new Date("2026-01-01T10:00:00Z"),
        day: "2026-01-01",
        projectId: "",
        usageKind: "completions",
        inputTokens: 0n,
        outputTokens: 0n,
        cachedInputTokens: 0n,
        cacheWriteTokens: 0n,
        requests: 1n,
        cost: null,
        currency: "usd",
        tags: {},
      },
    ]);
  });

  it("keeps every token kind, string counts up to the 10^12 bound, a decimal-string cost, tags; the day is the UTC day", () => {
    const { valid } = validatePushBatch({
      records: [event({ timestamp: "2026-01-01T01:30:00+02:00", projectId: "proj_a", inputTokens: 10, outputTokens: "1000000000000", cachedInputTokens: 3, cacheWriteTokens: 4, requests: 2, cost: "0.0123", currency: "EUR", tags: { team: "search" } })],
    });
    const e = valid[0]!;
    expect(e.day).toBe("2025-12-31"); // 01:30 at +02:00 is 23:30 UTC the day before
    expect([e.inputTokens, e.outputTokens, e.cachedInputTokens, e.cacheWriteTokens, e.requests]).toEqual([10n, 1000000000000n, 3n, 4n, 2n]);
    expect([e.cost?.toString(), e.currency, e.tags]).toEqual(["0.0123", "eur", { team: "search" }]);
  });

  it("reports each bad item with its index, id and field, and keeps the good ones", () => {
    const { valid, errors } = validatePushBatch({
      records: [
        event({ id: "ok_1" }),
        event({ id: "bad_cost", cost: -1 }),
        { provider: "openai", model: "m", timestamp: "2026-01-01T00:00:00Z" },
        event({ id: "bad_time", timestamp: "2026-01-01" }),
        event({ id: "bad_tokens", inputTokens: 1.5, tags: { team: 7 } }),
        event({ id: "x".repeat(201) }),
        "not an object",
      ],
    });
    expect(valid.map((v) => v.id)).toEqual(["ok_1"]);
    expect(errors).toEqual([
      { index: 1, id: "bad_cost", field: "cost", message: 'must be a plain decimal ≥ 0, like "0.0123"' },
      { index: 2, field: "id", message: "required" },
      { index: 3, id: "bad_time", field: "timestamp", message: "must be ISO 8601 with a time zone, e.g. 2026-01-01T12:00:00Z" },
      { index: 4, id: "bad_tokens", field: "inputTokens", message: "must be a whole number from 0 to 1,000,000,000,000" },
      { index: 4, id: "bad_tokens", field: "tags.team", message: "expected string, received number" },
      { index: 5, id: "x".repeat(201), field: "id", message: "at most 200 characters" },
      { index: 6, field: "(record)", message: "expected object, received string" },
    ]);
  });

  it("refuses cost strings that are not plain decimals", () => {
    for (const cost of ["1e5", "1,000.00", "$3", "-0.5"]) {
      expect(validatePushBatch({ records: [event({ cost })] }).errors.map((e) => e.field)).toEqual(["cost"]);
    }
  });

  it("an id repeated in one batch is an error on the later copy", () => {
    const { valid, errors } = validatePushBatch({ records: [event(), event({ model: "other" })] });
    expect(valid).toHaveLength(1);
    expect(errors).toEqual([{ index: 1, id: "evt_1", field: "id", message: "duplicate of records[0] in this batch" }]);
  });

  it("a batch over 5,000 records or a body that is not { records: [] } is refused whole", () => {
    const tooMany = { records: Array.from({ length: MAX_BATCH_RECORDS + 1 }, (_, i) => event({ id: `e${i}` })) };
    expect(thrown(() => validatePushBatch(tooMany)).code).toBe("PAYLOAD_TOO_LARGE");
    expect(validatePushBatch({ records: tooMany.records.slice(0, MAX_BATCH_RECORDS) }).valid).toHaveLength(5000);
    const e = thrown(() => validatePushBatch({ events: [] }));
    expect([e.code, e.message]).toEqual(["BAD_INPUT", 'The body must be { "records": [...] }: records: required']);
  });

  it("assertPushBodySize refuses more than 5 MiB", () => {
    expect(() => assertPushBodySize(MAX_BATCH_BYTES)).not.toThrow();
    expect(thrown(() => assertPushBodySize(MAX_BATCH_BYTES + 1)).code).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("rollupEventsToBuckets", () => {
  it("sums events per day/project/model and costs exactly: 0.1 + 0.2 = 0.3", () => {
    const { valid } = validatePushBatch({
      records: [
        event({ id: "a", inputTokens: 100, outputTokens: 10, cost: 0.1 }),
        event({ id: "b", inputTokens: 200, outputTokens: 20, cachedInputTokens: 50, cost: "0.2", timestamp: "2026-01-01T23:59:59Z" }),
        event({ id: "c", inputTokens: 7, timestamp: "2026-01-02T00:00:00Z" }), // next day, no cost
        event({ id: "d", inputTokens: 1, projectId: "proj_b", cost: "0.00000001", requests: 5 }),
      ],
    });
    const { usage, costs } = rollupEventsToBuckets(valid);
    expect(usage.map((u) => [u.day, u.projectId, u.model, u.inputTokens, u.outputTokens, u.cachedInputTokens, u.requests])).toEqual([
      ["2026-01-01", "", "gpt-4o-mini", 300n, 30n, 50n, 2n], // a + b
      ["2026-01-01", "proj_b", "gpt-4o-mini", 1n, 0n, 0n, 5n],
      ["2026-01-02", "", "gpt-4o-mini", 7n, 0n, 0n, 1n],
    ]);
    expect(costs.map((c) => [c.day, c.projectId, c.amount.toFixed(), c.currency, c.lineItem])).toEqual([
      ["2026-01-01", "", "0.3", "usd", ""], // 0.1 + 0.2, not 0.30000000000000004
      ["2026-01-01", "proj_b", "0.00000001", "usd", ""],
    ]);
  });

  it("keeps currencies apart", () => {
    const { valid } = validatePushBatch({ records: [event({ id: "a", cost: "1" }), event({ id: "b", cost: "2", currency: "eur" })] });
    expect(rollupEventsToBuckets(valid).costs.map((c) => [c.currency, c.amount.toString()])).toEqual([
      ["eur", "2"],
      ["usd", "1"],
    ]);
  });
});

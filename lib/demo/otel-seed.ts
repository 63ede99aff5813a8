import { mulberry32 } from "@/lib/random";
import type { OtlpSpan } from "@/lib/otlp/decode";
import { ingestOtlpSpans } from "@/lib/otlp/ingest";
import { settleRecent } from "@/lib/otlp/settle";

// Three weeks of GenAI spans for the demo org, as an instrumented support bot and search API would
// emit them (OpenTelemetry GenAI conventions), sent through the same ingest as the OTLP endpoint and
// settled into roll-ups, so the unit-economics page has data. Conversations grow longer in the last
// week (more turns, longer context): the p95 cost per conversation rises, as the alert rule watches.

export const DEMO_SPAN_DAYS = 21;
const CUSTOMERS = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell", "cyberdyne", "soylent", "massive-dynamic"];
const FEATURES = [
  { feature: "support-chat", service: "support-bot", provider: "openai", model: "gpt-4o-mini", turns: [2, 6] as const, input: 1800 },
  { feature: "support-escalation", service: "support-bot", provider: "openai", model: "gpt-4o", turns: [1, 3] as const, input: 3500 },
  { feature: "search-answer", service: "search-api", provider: "openai", model: "gpt-4o-mini", turns: [1, 2] as const, input: 1200 },
  { feature: "contract-review", service: "legal-review", provider: "anthropic", model: "claude-sonnet-4", turns: [1, 4] as const, input: 6000 },
];

export function demoSpans(now: Date): OtlpSpan[] {
  const rand = mulberry32(18);
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join("");
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const spans: OtlpSpan[] = [];
  for (let d = DEMO_SPAN_DAYS - 1; d >= 0; d--) {
    const dayStart = today - d * 86_400_000;
    const lastWeek = d < 7;
    const conversations = 50 + Math.floor(rand() * 20);
    for (let c = 0; c < conversations; c++) {
      const f = FEATURES[Math.floor(rand() * FEATURES.length)]!;
      const traceId = hex(32);
      const customer = CUSTOMERS[Math.min(CUSTOMERS.length - 1, Math.floor(rand() * rand() * CUSTOMERS.length))]!;
      const user = `user-${Math.floor(rand() * 60)}`;
      const turns = f.turns[0] + Math.floor(rand() * (f.turns[1] - f.turns[0] + 1)) + (lastWeek && rand() < 0.5 ? 2 : 0);
      // Spans only up to the hour already passed today, so none is in the future.
      const start = dayStart + Math.floor(rand() * (d === 0 ? Math.max(1, now.getTime() - dayStart - 600_000) : 82_800_000));
      for (let t = 0; t < turns; t++) {
        const input = Math.round(f.input * (1 + t * 0.6) * (0.7 + rand() * 0.6));
        const cached = t > 0 ? Math.round(input * 0.4) : 0;
        spans.push({
          traceId, spanId: hex(16), name: `chat ${f.model}`, startMs: start + t * 20_000,
          attributes: new Map<string, string | number>([
            ["gen_ai.provider.name", f.provider], ["gen_ai.operation.name", "chat"], ["gen_ai.request.model", f.model],
            ["gen_ai.usage.input_tokens", input], ["gen_ai.usage.cache_read.input_tokens", cached], ["gen_ai.usage.output_tokens", Math.round(150 + rand() * 350)],
            ["customer.id", customer], ["enduser.id", user], ["app.feature", f.feature],
          ]),
          resource: new Map([["service.name", f.service]]),
        });
      }
    }
  }
  return spans;
}

/** Ingest and settle the demo spans for `orgId`; returns how many were stored. */
export async function seedDemoSpans(orgId: string, now: Date): Promise<number> {
  const spans = demoSpans(now);
  let stored = 0;
  for (let i = 0; i < spans.length; i += 512) stored += (await ingestOtlpSpans(orgId, spans.slice(i, i + 512), now)).accepted;
  await settleRecent(now, DEMO_SPAN_DAYS, orgId);
  return stored;
}

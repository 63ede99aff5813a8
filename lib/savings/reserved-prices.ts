import { parseModelName } from "@/lib/pricing/aliases";

// Provisioned throughput offerings: a dated, cited table (docs/savings.md), editable per page view
// (the Opportunities page takes a quote in place of any figure). A null figure is unknown: the
// vendor does not publish it, and the page says so instead of guessing.

export const RESERVED_TABLE_AS_OF = "2026-12-02";

export interface ReservedOffering {
  id: string;
  label: string;
  /** Hosts whose usage this offering could serve ("openai" usage can move to an Azure deployment of the same model). */
  forProviders: readonly string[];
  /** Canonical model names → capacity per unit in input tokens per minute (TPM); null = not published. */
  models: Readonly<Record<string, { inputTpmPerUnit: number | null; minUnits: number; increment: number }>>;
  unitName: string;
  /** USD per unit per month; null = not published. */
  unitPricePerMonth: string | null;
  /** One output token uses this many input tokens of capacity. */
  outputWeight: string;
  asOf: string;
  priceSource: string;
  throughputSource: string;
  note: string;
}

const AZURE_SIZING = "https://github.com/MicrosoftDocs/azure-ai-docs/blob/main/articles/foundry/openai/includes/how-to-provisioned-throughput-onboarding-3.md";

export const RESERVED_OFFERINGS: readonly ReservedOffering[] = [
  {
    id: "azure-ptu-regional-monthly",
    label: "Azure OpenAI provisioned (regional), monthly reservation",
    forProviders: ["openai", "azure"],
    models: {
      "gpt-4o": { inputTpmPerUnit: 2500, minUnits: 50, increment: 50 },
      "gpt-4o-mini": { inputTpmPerUnit: 37000, minUnits: 25, increment: 25 },
      "gpt-4.1": { inputTpmPerUnit: 3000, minUnits: 50, increment: 50 },
      "gpt-4.1-mini": { inputTpmPerUnit: 14900, minUnits: 25, increment: 25 },
      "gpt-4.1-nano": { inputTpmPerUnit: 59400, minUnits: 25, increment: 25 },
      "o4-mini": { inputTpmPerUnit: 5400, minUnits: 25, increment: 25 },
    },
    unitName: "PTU",
    unitPricePerMonth: "260",
    outputWeight: "4",
    asOf: RESERVED_TABLE_AS_OF,
    priceSource: "https://learn.microsoft.com/en-us/azure/cost-management-billing/reservations/azure-openai (reservation terms); $260 per PTU per month (monthly reservation, regional) as quoted in Azure OpenAI Essentials (Packt, 2024), https://fliphtml5.com/zroi/kpmw/Azure_OpenAI_Essentials/296",
    throughputSource: AZURE_SIZING,
    note: "Input TPM per PTU, minimum and increment from Microsoft's table (regional deployment). The output weight (1 output token = 4 input tokens of capacity) is an assumption: Microsoft's sizing calculator weighs output per model.",
  },
  {
    id: "bedrock-pt-1-month",
    label: "Amazon Bedrock provisioned throughput, 1-month commitment",
    forProviders: ["anthropic", "bedrock"],
    models: {},
    unitName: "model unit",
    unitPricePerMonth: null,
    outputWeight: "1",
    asOf: RESERVED_TABLE_AS_OF,
    priceSource: "https://docs.aws.amazon.com/bedrock/latest/userguide/prov-throughput.html — prices per model unit are shown in the Bedrock console only",
    throughputSource: "https://docs.aws.amazon.com/bedrock/latest/userguide/prov-throughput.html — tokens per minute per model unit are not published (AWS: ask the account team)",
    note: "Unknown: enter your quote (USD per model unit per month and its tokens per minute) to compute it.",
  },
  {
    id: "vertex-pt-monthly",
    label: "Google Vertex AI provisioned throughput (GSU), monthly",
    forProviders: ["google", "vertex"],
    models: { "gemini-1.5-flash": { inputTpmPerUnit: null, minUnits: 1, increment: 1 } },
    unitName: "GSU",
    unitPricePerMonth: null,
    outputWeight: "4",
    asOf: RESERVED_TABLE_AS_OF,
    priceSource: "https://cloud.google.com/vertex-ai/generative-ai/docs/provisioned-throughput — GSU prices are quoted on order, not published in the cited page",
    throughputSource: "https://cloud.google.com/vertex-ai/generative-ai/docs/provisioned-throughput — capacity is in characters per second per GSU (54,000 for Gemini 1.5 Flash), not tokens",
    note: "Unknown: Google sizes GSUs in characters, and the price is quoted on order; enter a quote in tokens per minute to compute it.",
  },
];

/** A quote entered on the page in place of the table's figures (all optional). */
export interface ReservedQuote {
  unitPricePerMonth?: string;
  inputTpmPerUnit?: string;
  minUnits?: string;
  increment?: string;
}

/** The offering and per-model sizing that could serve a provider's model, with a quote applied; null = none applies. */
export function reservedTermsFor(provider: string, model: string, quotes: Readonly<Record<string, ReservedQuote>> = {}): { offering: ReservedOffering; sizing: { inputTpmPerUnit: string | null; minUnits: number; increment: number }; unitPricePerMonth: string | null; quoted: boolean } | null {
  const canonical = parseModelName(model).canonical;
  const p = provider.toLowerCase();
  for (const o of RESERVED_OFFERINGS) {
    if (!o.forProviders.includes(p)) continue;
    const row = o.models[canonical];
    const q = quotes[o.id] ?? {};
    if (!row && !q.inputTpmPerUnit) continue;
    const base = row ?? { inputTpmPerUnit: null, minUnits: 1, increment: 1 };
    return {
      offering: o,
      sizing: { inputTpmPerUnit: q.inputTpmPerUnit ?? (base.inputTpmPerUnit === null ? null : String(base.inputTpmPerUnit)), minUnits: q.minUnits ? Number(q.minUnits) : base.minUnits, increment: q.increment ? Number(q.increment) : base.increment },
      unitPricePerMonth: q.unitPricePerMonth ?? o.unitPricePerMonth,
      quoted: Boolean(q.unitPricePerMonth || q.inputTpmPerUnit || q.minUnits || q.increment),
    };
  }
  return null;
}

import type { BreakEvenInput, SelfHostOptionInput } from "@/lib/breakeven";
import { DEFAULT_TARGET_UTILISATION } from "@/lib/breakeven/pool-option";
import type { WorkloadDto } from "@/lib/spend/breakeven-view";

// The break-even inputs as the form edits them: one string per field (what the user typed), so a
// half-typed number never throws away the rest. toBreakEvenInput hands them to the engine's own
// schema, which names any field that is not a valid number.

export interface FormState {
  input: string;
  output: string;
  cachedInput: string;
  cacheWrite: string;
  inputPerMTok: string;
  outputPerMTok: string;
  cachedInputPerMTok: string;
  cacheWritePerMTok: string;
  costKind: "cloud" | "owned";
  hourlyRatePerGpu: string;
  purchasePricePerGpu: string;
  amortisationMonths: string;
  residualShare: string;
  powerKind: "watts" | "monthlyAmount";
  wattsPerGpu: string;
  pricePerKwh: string;
  pue: string;
  perGpuPerMonth: string;
  fteShare: string;
  annualCost: string;
  tokensPerSecondPerGpu: string;
  throughputSource: "measured" | "assumed";
  targetUtilisation: string;
  minGpus: string;
}

const str = (v: unknown, fallback = "") => (v === undefined || v === null ? fallback : String(v));

export function workloadFields(w: WorkloadDto | undefined): Pick<FormState, "input" | "output" | "cachedInput" | "cacheWrite" | "inputPerMTok" | "outputPerMTok" | "cachedInputPerMTok" | "cacheWritePerMTok"> {
  const t = w?.volume?.tokens;
  const p = w?.apiPrice;
  return {
    input: t?.input ?? "0",
    output: t?.output ?? "0",
    cachedInput: t?.cachedInput ?? "0",
    cacheWrite: t?.cacheWrite ?? "0",
    inputPerMTok: p?.inputPerMTok ?? "",
    outputPerMTok: p?.outputPerMTok ?? "",
    cachedInputPerMTok: p?.cachedInputPerMTok ?? "",
    cacheWritePerMTok: p?.cacheWritePerMTok ?? "",
  };
}

export function choiceFields(o: SelfHostOptionInput | undefined): Omit<FormState, keyof ReturnType<typeof workloadFields>> {
  const cost = o?.cost;
  const power = o?.power;
  return {
    costKind: cost?.kind ?? "cloud",
    hourlyRatePerGpu: cost?.kind === "cloud" ? str(cost.hourlyRatePerGpu) : "2.5",
    purchasePricePerGpu: cost?.kind === "owned" ? str(cost.purchasePricePerGpu, "0") : "25000",
    amortisationMonths: cost?.kind === "owned" ? str(cost.amortisationMonths) : "36",
    residualShare: cost?.kind === "owned" ? str(cost.residualShare, "0") : "0",
    powerKind: power?.kind ?? "monthlyAmount",
    wattsPerGpu: power?.kind === "watts" ? str(power.wattsPerGpu) : "350",
    pricePerKwh: power?.kind === "watts" ? str(power.pricePerKwh) : "0.12",
    pue: power?.kind === "watts" ? str(power.pue, "1") : "1.3",
    perGpuPerMonth: power?.kind === "monthlyAmount" ? str(power.perGpuPerMonth) : "0",
    fteShare: str(o?.staff?.fteShare, "0"),
    annualCost: str(o?.staff?.annualCost, "0"),
    tokensPerSecondPerGpu: str(o?.throughput.tokensPerSecondPerGpu, "1000"),
    throughputSource: o?.throughput.source ?? "assumed",
    targetUtilisation: str(o?.targetUtilisation, DEFAULT_TARGET_UTILISATION),
    minGpus: str(o?.minGpus, "1"),
  };
}

const optional = (s: string) => (s.trim() === "" ? undefined : s.trim());
const wholeNumber = (s: string) => (/^\s*\d+\s*$/.test(s) ? Number(s) : s); // a non-number stays a string: the schema names it

export function selfHostOf(f: FormState): SelfHostOptionInput {
  return {
    cost: f.costKind === "cloud"
      ? { kind: "cloud", hourlyRatePerGpu: f.hourlyRatePerGpu }
      : { kind: "owned", purchasePricePerGpu: f.purchasePricePerGpu, amortisationMonths: wholeNumber(f.amortisationMonths) as number, residualShare: f.residualShare },
    power: f.powerKind === "watts" ? { kind: "watts", wattsPerGpu: f.wattsPerGpu, pricePerKwh: f.pricePerKwh, pue: f.pue } : { kind: "monthlyAmount", perGpuPerMonth: f.perGpuPerMonth },
    staff: { fteShare: f.fteShare, annualCost: f.annualCost },
    throughput: { tokensPerSecondPerGpu: f.tokensPerSecondPerGpu, source: f.throughputSource },
    targetUtilisation: f.targetUtilisation,
    minGpus: wholeNumber(f.minGpus) as number,
  };
}

export function toBreakEvenInput(f: FormState): BreakEvenInput {
  return {
    workload: { basis: "tokens", monthlyTokens: { input: f.input, output: f.output, cachedInput: f.cachedInput, cacheWrite: f.cacheWrite } },
    apiPrice: { inputPerMTok: f.inputPerMTok, outputPerMTok: f.outputPerMTok, cachedInputPerMTok: optional(f.cachedInputPerMTok), cacheWritePerMTok: optional(f.cacheWritePerMTok) },
    selfHost: selfHostOf(f),
  };
}

/** Engine field paths → the form's field, so an error shows under the input that caused it. */
export function formFieldOf(path: string): keyof FormState | null {
  const last = path.split(".").at(-1) ?? "";
  const map: Record<string, keyof FormState> = { fteShare: "fteShare", annualCost: "annualCost", source: "throughputSource" };
  if (last in map) return map[last]!;
  return (last as keyof FormState) || null;
}

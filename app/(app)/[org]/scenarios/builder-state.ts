import { analyseScenario, type ScenarioInput } from "@/lib/scenarios";
import { analysisDto, type AnalysisDto } from "@/lib/scenarios/dto";
import { isAppError } from "@/lib/errors";

// The builder's state is the scenario input itself, as JSON with decimal strings (never floats),
// edited by dotted path. Recalculation is the pure engine, run in the browser.

export type Json = Record<string, unknown>;

export function getAt(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o !== null && typeof o === "object" ? (o as Json)[k] : undefined), obj);
}

export function setAt<T>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split(".");
  const o = (obj ?? {}) as Json;
  return { ...o, [head!]: rest.length ? setAt(o[head!], rest.join("."), value) : value } as T;
}

export interface Outcome {
  analysis: AnalysisDto | null;
  /** dotted field path → message, as the engine names them */
  errors: Record<string, string>;
  message: string | null;
}

export function recalculate(input: ScenarioInput): Outcome {
  try {
    return { analysis: analysisDto(analyseScenario(input)), errors: {}, message: null };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { analysis: null, errors: Object.fromEntries((e.details.issues ?? []).map((i) => [i.field, i.message])), message: e.message };
  }
}

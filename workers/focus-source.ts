import { runFocusSource } from "@/lib/focus/sources";

// Thin: one run of one scheduled FOCUS drop (fetch or list, import what changed, record the outcome on the source).
export async function focusSourceJob(payload: { sourceId: string }) {
  return runFocusSource(payload.sourceId);
}

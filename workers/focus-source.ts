import { runFocusSource } from "@/lib/focus/sources";

// Thin: one run of one scheduled FOCUS drop (fetch or list, import what changed, record the outcome on the source).
// A requestId means "import now" (lib/focus/sources.ts requestFocusSourceRun): it runs a paused source too.
export async function focusSourceJob(payload: { sourceId: string; requestId?: string }) {
  return runFocusSource(payload.sourceId, { manual: payload.requestId !== undefined });
}

import { AppError } from "@/lib/errors";

/** Run `fn` and return the AppError it throws; fail if it throws something else or nothing. */
export function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError, nothing was thrown");
}

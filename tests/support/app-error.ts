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

/** Await `p` and return the AppError it rejects with; fail if it rejects with something else or resolves. */
export async function rejected(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError, the call succeeded");
}

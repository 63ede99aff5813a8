import { z } from "zod";

// Runs in the browser before any of the app's code (Next.js). Zod 4 compiles validators with
// `new Function` when it can, probing for it first; our CSP forbids eval (proxy.ts), so the probe would
// be reported as a violation on every page that validates a form. The interpreted path is as correct.
z.config({ jitless: true });

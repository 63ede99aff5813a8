// The migration-scenario model: pure functions, no I/O, safe to import in client components.
// Database code lives beside it (store.ts, measured.ts, defaults.ts) and is imported by path.
export * from "./schema";
export * from "./timeline";
export * from "./sensitivity";
export * from "./explain";
export * from "./engine";

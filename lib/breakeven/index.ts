// The break-even model: pure functions, no I/O. See docs/breakeven.md for the formulas.
export * from "./inputs";
export * from "./apiCost";
export * from "./selfHostCost";
export * from "./breakEvenVolume";
export * from "./curve";
export * from "./payback";
export * from "./model";
export * from "./sensitivity";
export * from "./analysis";
export * from "./realVsModelled";

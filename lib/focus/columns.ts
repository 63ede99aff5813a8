// FOCUS 1.2 columns, as the specification defines them: one row per column with its data type,
// feature level, whether it allows nulls and, where the specification lists them, its allowed values.
// Source: FinOps Foundation, FOCUS_Spec repository, tag v1.2 (commit 7296e3146fb931ee32b6496fa6e4200e7f4384f7,
// ratified 2025-05-29), specification/columns/*.md — each file's "Column ID" and "Content constraints" table
// (Feature level, Allows nulls, Data type) and its "Allowed values" table. The same Mandatory set holds in
// v1.0 and v1.1 (checked against those tags): a 1.0 or 1.1 file passes the same presence check.

export type FocusDataType = "String" | "Decimal" | "DateTime" | "JSON";
export type FeatureLevel = "Mandatory" | "Recommended" | "Conditional";

export interface FocusColumn {
  id: string;
  type: FocusDataType;
  level: FeatureLevel;
  nullable: boolean;
  /** The only values allowed, when the specification lists them (case-sensitive, as written there). */
  allowed?: readonly string[];
}

/** ChargeCategory allowed values (chargecategory.md). */
export const CHARGE_CATEGORIES = ["Usage", "Purchase", "Tax", "Credit", "Adjustment"] as const;
export type ChargeCategory = (typeof CHARGE_CATEGORIES)[number];

/** ServiceCategory allowed values (servicecategory.md). */
export const SERVICE_CATEGORIES = [
  "AI and Machine Learning", "Analytics", "Business Applications", "Compute", "Databases", "Developer Tools", "Multicloud", "Identity",
  "Integration", "Internet of Things", "Management and Governance", "Media", "Migration", "Mobile", "Networking", "Security", "Storage", "Web", "Other",
] as const;

const c = (id: string, type: FocusDataType, level: FeatureLevel, nullable: boolean, allowed?: readonly string[]): FocusColumn => ({ id, type, level, nullable, ...(allowed ? { allowed } : {}) });

export const FOCUS_1_2_COLUMNS: readonly FocusColumn[] = [
  c("AvailabilityZone", "String", "Recommended", true),
  c("BilledCost", "Decimal", "Mandatory", false),
  c("BillingAccountId", "String", "Mandatory", false),
  c("BillingAccountName", "String", "Mandatory", true),
  c("BillingAccountType", "String", "Conditional", false),
  c("BillingCurrency", "String", "Mandatory", false),
  c("BillingPeriodEnd", "DateTime", "Mandatory", false),
  c("BillingPeriodStart", "DateTime", "Mandatory", false),
  c("CapacityReservationId", "String", "Conditional", true),
  c("CapacityReservationStatus", "String", "Conditional", true, ["Used", "Unused"]),
  c("ChargeCategory", "String", "Mandatory", false, CHARGE_CATEGORIES),
  c("ChargeClass", "String", "Mandatory", true, ["Correction"]),
  c("ChargeDescription", "String", "Mandatory", true),
  c("ChargeFrequency", "String", "Recommended", false, ["One-Time", "Recurring", "Usage-Based"]),
  c("ChargePeriodEnd", "DateTime", "Mandatory", false),
  c("ChargePeriodStart", "DateTime", "Mandatory", false),
  c("CommitmentDiscountCategory", "String", "Conditional", true, ["Spend", "Usage"]),
  c("CommitmentDiscountId", "String", "Conditional", true),
  c("CommitmentDiscountName", "String", "Conditional", true),
  c("CommitmentDiscountQuantity", "Decimal", "Conditional", true),
  c("CommitmentDiscountStatus", "String", "Conditional", true, ["Used", "Unused"]),
  c("CommitmentDiscountType", "String", "Conditional", true),
  c("CommitmentDiscountUnit", "String", "Conditional", true),
  c("ConsumedQuantity", "Decimal", "Conditional", true),
  c("ConsumedUnit", "String", "Conditional", true),
  c("ContractedCost", "Decimal", "Mandatory", false),
  c("ContractedUnitPrice", "Decimal", "Conditional", true),
  c("EffectiveCost", "Decimal", "Mandatory", false),
  c("InvoiceId", "String", "Recommended", true),
  c("InvoiceIssuerName", "String", "Mandatory", false),
  c("ListCost", "Decimal", "Mandatory", false),
  c("ListUnitPrice", "Decimal", "Conditional", true),
  c("PricingCategory", "String", "Conditional", true, ["Standard", "Dynamic", "Committed", "Other"]),
  c("PricingCurrency", "String", "Conditional", true),
  c("PricingCurrencyContractedUnitPrice", "Decimal", "Conditional", true),
  c("PricingCurrencyEffectiveCost", "Decimal", "Conditional", true),
  c("PricingCurrencyListUnitPrice", "Decimal", "Conditional", true),
  c("PricingQuantity", "Decimal", "Mandatory", true),
  c("PricingUnit", "String", "Mandatory", true),
  c("ProviderName", "String", "Mandatory", false),
  c("PublisherName", "String", "Mandatory", false),
  c("RegionId", "String", "Conditional", true),
  c("RegionName", "String", "Conditional", true),
  c("ResourceId", "String", "Conditional", true),
  c("ResourceName", "String", "Conditional", true),
  c("ResourceType", "String", "Conditional", true),
  c("ServiceCategory", "String", "Mandatory", false, SERVICE_CATEGORIES),
  c("ServiceName", "String", "Mandatory", false),
  c("ServiceSubcategory", "String", "Recommended", false),
  c("SkuId", "String", "Conditional", true),
  c("SkuMeter", "String", "Conditional", true),
  c("SkuPriceDetails", "JSON", "Conditional", true),
  c("SkuPriceId", "String", "Conditional", true),
  c("SubAccountId", "String", "Conditional", true),
  c("SubAccountName", "String", "Conditional", true),
  c("SubAccountType", "String", "Conditional", true),
  c("Tags", "JSON", "Conditional", true),
];

export const FOCUS_COLUMN_BY_ID: ReadonlyMap<string, FocusColumn> = new Map(FOCUS_1_2_COLUMNS.map((col) => [col.id, col]));

/** Columns every FOCUS 1.0–1.2 dataset MUST contain (feature level Mandatory). */
export const MANDATORY_COLUMNS: readonly string[] = FOCUS_1_2_COLUMNS.filter((col) => col.level === "Mandatory").map((col) => col.id);

/**
 * Column names a later version may use for a 1.2 column: a file naming ServiceProviderName (as we
 * understand FOCUS 1.3 renames ProviderName) satisfies ProviderName. NOT verified against the 1.3
 * specification text: the repository mirror used here stops at v1.2 (docs/focus.md says so).
 */
export const COLUMN_ALIASES: Readonly<Record<string, readonly string[]>> = {
  ProviderName: ["ServiceProviderName"],
};

/** Custom columns start with "x_" (column_handling.md: provider-defined columns use the x_ prefix). */
export const isCustomColumn = (name: string) => name.startsWith("x_");

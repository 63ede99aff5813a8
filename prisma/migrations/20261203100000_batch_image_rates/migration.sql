-- Batch API and image tokens priced at their own catalog rates (issue 13), and the units a catalog entry
-- states its prices in, so a unit switch is held as suspect (issue 16).
ALTER TABLE "UsageBucket"
  ADD COLUMN "cachedImageInputTokens" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "batchInputTokens" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "batchOutputTokens" BIGINT NOT NULL DEFAULT 0;

ALTER TABLE "ModelPriceVersion"
  ADD COLUMN "imageInputPerMTok" DECIMAL(18,6),
  ADD COLUMN "imageOutputPerMTok" DECIMAL(18,6),
  ADD COLUMN "batchInputPerMTok" DECIMAL(18,6),
  ADD COLUMN "batchOutputPerMTok" DECIMAL(18,6),
  ADD COLUMN "priceUnits" TEXT;

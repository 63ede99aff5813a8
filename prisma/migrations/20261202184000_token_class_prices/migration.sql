-- Token classes priced at their own rate (issue 13, class 4): the catalog's audio-token and 1-hour
-- cache-write prices, and the usage breakdowns they apply to (cached audio input, 1-hour cache writes).
ALTER TABLE "UsageBucket" ADD COLUMN "cachedAudioInputTokens" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "UsageBucket" ADD COLUMN "cacheWrite1hTokens" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "ModelPriceVersion" ADD COLUMN "audioInputPerMTok" DECIMAL(18,6);
ALTER TABLE "ModelPriceVersion" ADD COLUMN "audioOutputPerMTok" DECIMAL(18,6);
ALTER TABLE "ModelPriceVersion" ADD COLUMN "cacheWrite1hPerMTok" DECIMAL(18,6);

-- Tokens a vLLM server's counters show were served across an unobserved gap (scrapes missing for
-- longer than twice the interval): kept apart from the hour's observed tokens, with the gap's length,
-- instead of being attributed to the first hour back.
ALTER TABLE "GpuHourlyTokens" ADD COLUMN "gapPromptTokens" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "GpuHourlyTokens" ADD COLUMN "gapGenerationTokens" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "GpuHourlyTokens" ADD COLUMN "gapSeconds" INTEGER NOT NULL DEFAULT 0;

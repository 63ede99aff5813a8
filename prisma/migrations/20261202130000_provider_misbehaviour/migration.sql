-- AlterTable
ALTER TABLE "ProviderConnection" ADD COLUMN     "endpointStatus" JSONB,
ADD COLUMN     "lastErrorDetail" TEXT,
ADD COLUMN     "lastWarning" TEXT,
ADD COLUMN     "lastWarningAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "UsageBucket" ADD COLUMN     "audioInputTokens" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "audioOutputTokens" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "imageInputTokens" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "imageOutputTokens" BIGINT NOT NULL DEFAULT 0;

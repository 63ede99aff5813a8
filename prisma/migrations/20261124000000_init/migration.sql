-- CreateEnum
CREATE TYPE "Role" AS ENUM ('OWNER', 'ADMIN', 'FINANCE', 'ENGINEERING', 'EXECUTIVE');

-- CreateEnum
CREATE TYPE "ProviderKind" AS ENUM ('OPENAI', 'ANTHROPIC');

-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('PENDING', 'ACTIVE', 'PAUSED', 'FAILING');

-- CreateEnum
CREATE TYPE "BucketOrigin" AS ENUM ('PROVIDER_API', 'PUSH', 'CSV');

-- CreateEnum
CREATE TYPE "CsvImportStatus" AS ENUM ('PREVIEWED', 'COMMITTED', 'FAILED');

-- CreateEnum
CREATE TYPE "GpuCostModel" AS ENUM ('CLOUD', 'OWNED');

-- CreateEnum
CREATE TYPE "GpuPricingTerm" AS ENUM ('ON_DEMAND', 'RESERVED');

-- CreateEnum
CREATE TYPE "MetricSourceKind" AS ENUM ('PROMETHEUS_TEXT', 'PROMETHEUS_API');

-- CreateEnum
CREATE TYPE "DocumentKind" AS ENUM ('TERMS', 'USAGE_POLICY', 'PRIVACY', 'DATA_PROCESSING', 'PRICING', 'DEPRECATIONS', 'OTHER');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "AlertType" AS ENUM ('BUDGET_THRESHOLD', 'FORECAST_OVERRUN', 'SPEND_ANOMALY', 'PRICE_CHANGE', 'TERMS_CHANGE', 'RETIREMENT', 'GPU_IDLE', 'BREAKEVEN_CROSSED', 'CONNECTION_FAILING');

-- CreateEnum
CREATE TYPE "DeliveryMode" AS ENUM ('IMMEDIATE', 'DAILY_DIGEST');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "monthlyBudget" DECIMAL(18,2),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "passwordHash" TEXT,
    "emailVerified" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VerificationToken" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VerificationToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderConnection" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "provider" "ProviderKind" NOT NULL,
    "name" TEXT NOT NULL,
    "encryptedCredentials" TEXT NOT NULL,
    "credentialsKeyId" TEXT NOT NULL,
    "credentialsLast4" TEXT NOT NULL,
    "baseUrl" TEXT,
    "status" "ConnectionStatus" NOT NULL DEFAULT 'PENDING',
    "syncedThrough" TIMESTAMP(3),
    "lastSyncAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "failingSince" TIMESTAMP(3),
    "backfillMonths" INTEGER NOT NULL DEFAULT 13,
    "backfillJobId" TEXT,
    "backfillProgress" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProviderConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CostBucket" (
    "id" BIGSERIAL NOT NULL,
    "orgId" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "origin" "BucketOrigin" NOT NULL,
    "connectionId" TEXT,
    "provider" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "projectId" TEXT NOT NULL DEFAULT '',
    "model" TEXT NOT NULL DEFAULT '',
    "lineItem" TEXT NOT NULL DEFAULT '',
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "amount" DECIMAL(20,10) NOT NULL,
    "quantity" DECIMAL(24,6),
    "quantityUnit" TEXT,
    "estimated" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CostBucket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageBucket" (
    "id" BIGSERIAL NOT NULL,
    "orgId" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "origin" "BucketOrigin" NOT NULL,
    "connectionId" TEXT,
    "provider" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "projectId" TEXT NOT NULL DEFAULT '',
    "model" TEXT NOT NULL DEFAULT '',
    "usageKind" TEXT NOT NULL DEFAULT 'completions',
    "inputTokens" BIGINT NOT NULL DEFAULT '0',
    "outputTokens" BIGINT NOT NULL DEFAULT '0',
    "cachedInputTokens" BIGINT NOT NULL DEFAULT '0',
    "cacheWriteTokens" BIGINT NOT NULL DEFAULT '0',
    "requests" BIGINT NOT NULL DEFAULT '0',
    "units" DECIMAL(24,6),
    "unit" TEXT,
    "estimatedCost" DECIMAL(20,10),
    "priceVersionId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsageBucket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageEvent" (
    "id" BIGSERIAL NOT NULL,
    "orgId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "projectId" TEXT NOT NULL DEFAULT '',
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "inputTokens" BIGINT NOT NULL DEFAULT '0',
    "outputTokens" BIGINT NOT NULL DEFAULT '0',
    "cachedInputTokens" BIGINT NOT NULL DEFAULT '0',
    "cacheWriteTokens" BIGINT NOT NULL DEFAULT '0',
    "requests" BIGINT NOT NULL DEFAULT '1',
    "cost" DECIMAL(20,10),
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "tags" JSONB,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Project" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tags" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Budget" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Budget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CsvImport" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "status" "CsvImportStatus" NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "errorCount" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "committedAt" TIMESTAMP(3),

    CONSTRAINT "CsvImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelPriceVersion" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "inputPerMTok" DECIMAL(18,6) NOT NULL,
    "outputPerMTok" DECIMAL(18,6) NOT NULL,
    "cachedInputPerMTok" DECIMAL(18,6),
    "cacheWritePerMTok" DECIMAL(18,6),
    "perRequest" DECIMAL(18,6),
    "perImage" DECIMAL(18,6),
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelPriceVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PriceChange" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "oldValue" DECIMAL(18,6),
    "newValue" DECIMAL(18,6),
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "fromVersionId" TEXT,
    "toVersionId" TEXT NOT NULL,
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PriceChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelRetirement" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "deprecatedAt" TIMESTAMP(3),
    "retiresAt" TIMESTAMP(3) NOT NULL,
    "replacement" TEXT,
    "source" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModelRetirement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GpuPool" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "gpuModel" TEXT NOT NULL,
    "gpuCount" INTEGER NOT NULL,
    "costModel" "GpuCostModel" NOT NULL,
    "pricingTerm" "GpuPricingTerm",
    "hourlyRatePerGpu" DECIMAL(18,6),
    "purchasePrice" DECIMAL(18,2),
    "amortisationMonths" INTEGER,
    "residualValue" DECIMAL(18,2),
    "powerPricePerKwh" DECIMAL(18,6) NOT NULL,
    "pue" DECIMAL(6,3) NOT NULL DEFAULT 1,
    "staffFteShare" DECIMAL(6,4) NOT NULL DEFAULT 0,
    "staffAnnualCost" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "comparableProvider" TEXT,
    "comparableModel" TEXT,
    "idleUtilisationPct" DECIMAL(5,2) NOT NULL DEFAULT 10,
    "scrapeIntervalSeconds" INTEGER NOT NULL DEFAULT 60,
    "lastScrapeAt" TIMESTAMP(3),
    "lastScrapeError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GpuPool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GpuMetricSource" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "poolId" TEXT NOT NULL,
    "kind" "MetricSourceKind" NOT NULL,
    "url" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "lastScrapeAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GpuMetricSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GpuMetricSample" (
    "id" BIGSERIAL NOT NULL,
    "orgId" TEXT NOT NULL,
    "poolId" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "scrapedAt" TIMESTAMP(3) NOT NULL,
    "metric" TEXT NOT NULL,
    "seriesKey" TEXT NOT NULL,
    "host" TEXT NOT NULL DEFAULT '',
    "gpuIndex" INTEGER,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "GpuMetricSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GpuHourlyMetric" (
    "id" BIGSERIAL NOT NULL,
    "orgId" TEXT NOT NULL,
    "poolId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "gpuUuid" TEXT NOT NULL,
    "gpuIndex" INTEGER,
    "host" TEXT NOT NULL DEFAULT '',
    "gpuHours" DECIMAL(12,6) NOT NULL,
    "avgUtilisation" DECIMAL(7,3) NOT NULL,
    "avgPowerWatts" DECIMAL(12,3) NOT NULL,
    "energyKwh" DECIMAL(14,6) NOT NULL,
    "maxFbUsedMiB" DECIMAL(14,1),
    "sampleCount" INTEGER NOT NULL,

    CONSTRAINT "GpuHourlyMetric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GpuHourlyTokens" (
    "id" BIGSERIAL NOT NULL,
    "orgId" TEXT NOT NULL,
    "poolId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "modelName" TEXT NOT NULL,
    "promptTokens" BIGINT NOT NULL,
    "generationTokens" BIGINT NOT NULL,
    "requests" BIGINT NOT NULL,

    CONSTRAINT "GpuHourlyTokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VendorDocument" (
    "id" TEXT NOT NULL,
    "orgId" TEXT,
    "vendor" TEXT NOT NULL,
    "kind" "DocumentKind" NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "cssSelector" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "etag" TEXT,
    "lastModified" TEXT,
    "lastFetchedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VendorDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VendorDocumentVersion" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VendorDocumentVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentChange" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "fromVersionId" TEXT,
    "toVersionId" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "diff" JSONB NOT NULL,
    "matchedRules" JSONB NOT NULL,
    "summary" TEXT NOT NULL,
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "type" "AlertType" NOT NULL,
    "name" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "recipientRoles" "Role"[] NOT NULL DEFAULT ARRAY[]::"Role"[],
    "recipientEmails" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "delivery" "DeliveryMode" NOT NULL DEFAULT 'IMMEDIATE',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertEvent" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "ruleId" TEXT,
    "type" "AlertType" NOT NULL,
    "dedupKey" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "link" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedById" TEXT,

    CONSTRAINT "AlertEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailDelivery" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "alertEventId" TEXT,
    "digestKey" TEXT,
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "textBody" TEXT NOT NULL,
    "htmlBody" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attemptCount" INTEGER NOT NULL DEFAULT 0,
    "messageId" TEXT,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailAttempt" (
    "id" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "attemptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ok" BOOLEAN NOT NULL,
    "messageId" TEXT,
    "error" TEXT,

    CONSTRAINT "EmailAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MigrationScenario" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "authorId" TEXT,
    "inputs" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MigrationScenario_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SavedWorkload" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "filter" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedWorkload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdById" TEXT,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "orgId" TEXT NOT NULL,
    "actorUserId" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "data" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Organization_slug_key" ON "Organization"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_orgId_userId_key" ON "Membership"("orgId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_orgId_email_idx" ON "Invitation"("orgId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "VerificationToken_token_key" ON "VerificationToken"("token");

-- CreateIndex
CREATE UNIQUE INDEX "VerificationToken_identifier_token_key" ON "VerificationToken"("identifier", "token");

-- CreateIndex
CREATE INDEX "ProviderConnection_orgId_idx" ON "ProviderConnection"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "ProviderConnection_orgId_name_key" ON "ProviderConnection"("orgId", "name");

-- CreateIndex
CREATE INDEX "CostBucket_orgId_day_idx" ON "CostBucket"("orgId", "day");

-- CreateIndex
CREATE INDEX "CostBucket_orgId_provider_day_idx" ON "CostBucket"("orgId", "provider", "day");

-- CreateIndex
CREATE UNIQUE INDEX "CostBucket_natural_key" ON "CostBucket"("orgId", "sourceKey", "provider", "day", "projectId", "model", "lineItem", "currency");

-- CreateIndex
CREATE INDEX "UsageBucket_orgId_day_idx" ON "UsageBucket"("orgId", "day");

-- CreateIndex
CREATE INDEX "UsageBucket_orgId_provider_model_day_idx" ON "UsageBucket"("orgId", "provider", "model", "day");

-- CreateIndex
CREATE UNIQUE INDEX "UsageBucket_natural_key" ON "UsageBucket"("orgId", "sourceKey", "provider", "day", "projectId", "model", "usageKind");

-- CreateIndex
CREATE INDEX "UsageEvent_orgId_occurredAt_idx" ON "UsageEvent"("orgId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "UsageEvent_orgId_idempotencyKey_key" ON "UsageEvent"("orgId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Project_orgId_provider_externalId_key" ON "Project"("orgId", "provider", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Budget_orgId_projectId_key" ON "Budget"("orgId", "projectId");

-- CreateIndex
CREATE INDEX "CsvImport_orgId_createdAt_idx" ON "CsvImport"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "ModelPriceVersion_model_effectiveFrom_idx" ON "ModelPriceVersion"("model", "effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "ModelPriceVersion_provider_model_effectiveFrom_key" ON "ModelPriceVersion"("provider", "model", "effectiveFrom");

-- CreateIndex
CREATE INDEX "PriceChange_model_effectiveFrom_idx" ON "PriceChange"("model", "effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "PriceChange_toVersionId_field_key" ON "PriceChange"("toVersionId", "field");

-- CreateIndex
CREATE UNIQUE INDEX "ModelRetirement_provider_model_key" ON "ModelRetirement"("provider", "model");

-- CreateIndex
CREATE UNIQUE INDEX "GpuPool_orgId_name_key" ON "GpuPool"("orgId", "name");

-- CreateIndex
CREATE INDEX "GpuMetricSource_poolId_idx" ON "GpuMetricSource"("poolId");

-- CreateIndex
CREATE INDEX "GpuMetricSample_poolId_scrapedAt_idx" ON "GpuMetricSample"("poolId", "scrapedAt");

-- CreateIndex
CREATE INDEX "GpuMetricSample_sourceId_metric_seriesKey_scrapedAt_idx" ON "GpuMetricSample"("sourceId", "metric", "seriesKey", "scrapedAt");

-- CreateIndex
CREATE INDEX "GpuHourlyMetric_orgId_hour_idx" ON "GpuHourlyMetric"("orgId", "hour");

-- CreateIndex
CREATE UNIQUE INDEX "GpuHourlyMetric_poolId_hour_gpuUuid_key" ON "GpuHourlyMetric"("poolId", "hour", "gpuUuid");

-- CreateIndex
CREATE INDEX "GpuHourlyTokens_orgId_hour_idx" ON "GpuHourlyTokens"("orgId", "hour");

-- CreateIndex
CREATE UNIQUE INDEX "GpuHourlyTokens_poolId_hour_modelName_key" ON "GpuHourlyTokens"("poolId", "hour", "modelName");

-- CreateIndex
CREATE UNIQUE INDEX "VendorDocument_orgId_url_key" ON "VendorDocument"("orgId", "url");

-- CreateIndex
CREATE INDEX "VendorDocumentVersion_documentId_fetchedAt_idx" ON "VendorDocumentVersion"("documentId", "fetchedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentChange_toVersionId_key" ON "DocumentChange"("toVersionId");

-- CreateIndex
CREATE INDEX "DocumentChange_documentId_detectedAt_idx" ON "DocumentChange"("documentId", "detectedAt");

-- CreateIndex
CREATE INDEX "AlertRule_orgId_idx" ON "AlertRule"("orgId");

-- CreateIndex
CREATE INDEX "AlertEvent_orgId_occurredAt_idx" ON "AlertEvent"("orgId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "AlertEvent_orgId_dedupKey_key" ON "AlertEvent"("orgId", "dedupKey");

-- CreateIndex
CREATE INDEX "EmailDelivery_orgId_createdAt_idx" ON "EmailDelivery"("orgId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailDelivery_alertEventId_recipient_key" ON "EmailDelivery"("alertEventId", "recipient");

-- CreateIndex
CREATE INDEX "EmailAttempt_deliveryId_idx" ON "EmailAttempt"("deliveryId");

-- CreateIndex
CREATE INDEX "MigrationScenario_orgId_idx" ON "MigrationScenario"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "SavedWorkload_orgId_name_key" ON "SavedWorkload"("orgId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_orgId_idx" ON "ApiToken"("orgId");

-- CreateIndex
CREATE INDEX "AuditLog_orgId_createdAt_idx" ON "AuditLog"("orgId", "createdAt");

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProviderConnection" ADD CONSTRAINT "ProviderConnection_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CostBucket" ADD CONSTRAINT "CostBucket_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CostBucket" ADD CONSTRAINT "CostBucket_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "ProviderConnection"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageBucket" ADD CONSTRAINT "UsageBucket_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageBucket" ADD CONSTRAINT "UsageBucket_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "ProviderConnection"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageEvent" ADD CONSTRAINT "UsageEvent_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Budget" ADD CONSTRAINT "Budget_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CsvImport" ADD CONSTRAINT "CsvImport_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GpuPool" ADD CONSTRAINT "GpuPool_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GpuMetricSource" ADD CONSTRAINT "GpuMetricSource_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "GpuPool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GpuMetricSample" ADD CONSTRAINT "GpuMetricSample_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "GpuPool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GpuMetricSample" ADD CONSTRAINT "GpuMetricSample_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "GpuMetricSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GpuHourlyMetric" ADD CONSTRAINT "GpuHourlyMetric_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "GpuPool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GpuHourlyTokens" ADD CONSTRAINT "GpuHourlyTokens_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "GpuPool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VendorDocument" ADD CONSTRAINT "VendorDocument_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VendorDocumentVersion" ADD CONSTRAINT "VendorDocumentVersion_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "VendorDocument"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentChange" ADD CONSTRAINT "DocumentChange_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "VendorDocument"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRule" ADD CONSTRAINT "AlertRule_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailDelivery" ADD CONSTRAINT "EmailDelivery_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailDelivery" ADD CONSTRAINT "EmailDelivery_alertEventId_fkey" FOREIGN KEY ("alertEventId") REFERENCES "AlertEvent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailAttempt" ADD CONSTRAINT "EmailAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "EmailDelivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MigrationScenario" ADD CONSTRAINT "MigrationScenario_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedWorkload" ADD CONSTRAINT "SavedWorkload_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

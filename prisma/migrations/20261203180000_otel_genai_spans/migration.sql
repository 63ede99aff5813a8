-- OpenTelemetry GenAI spans (issue 18, docs/otlp.md).

-- The "cost per unit" alert rule. (Added in this transaction, used by none of its statements.)
ALTER TYPE "AlertType" ADD VALUE 'COST_PER_UNIT';

-- Raw span events, declaratively partitioned by month on "day". Monthly partitions
-- ("OtelSpanEvent_pYYYYMM") are created ahead of use and dropped whole at retention by
-- lib/otlp/partitions.ts; there is no default partition, so a row for a month without a partition is
-- refused loudly rather than piling up somewhere retention never reaches. The primary key includes the
-- partition key, as Postgres requires, and is the idempotency key: a re-sent span (same trace id,
-- span id and start day) is stored once. No foreign key to Organization: rows expire with their partition.
CREATE TABLE "OtelSpanEvent" (
    "orgId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "traceId" TEXT NOT NULL,
    "spanId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "inputTokens" BIGINT NOT NULL,
    "outputTokens" BIGINT NOT NULL,
    "cachedInputTokens" BIGINT NOT NULL,
    "cacheWriteTokens" BIGINT NOT NULL,
    "reasoningTokens" BIGINT NOT NULL,
    "cost" DECIMAL(20,10),
    "costEstimated" BOOLEAN NOT NULL,
    "priceVersionId" TEXT,
    "project" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "customer" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OtelSpanEvent_pkey" PRIMARY KEY ("orgId","day","traceId","spanId")
) PARTITION BY RANGE ("day");

CREATE TABLE "OtelDailyRollup" (
    "id" BIGSERIAL NOT NULL,
    "orgId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL DEFAULT '',
    "provider" TEXT NOT NULL DEFAULT '',
    "model" TEXT NOT NULL DEFAULT '',
    "requests" BIGINT NOT NULL DEFAULT 0,
    "inputTokens" BIGINT NOT NULL DEFAULT 0,
    "outputTokens" BIGINT NOT NULL DEFAULT 0,
    "cachedInputTokens" BIGINT NOT NULL DEFAULT 0,
    "cacheWriteTokens" BIGINT NOT NULL DEFAULT 0,
    "reasoningTokens" BIGINT NOT NULL DEFAULT 0,
    "cost" DECIMAL(20,10) NOT NULL DEFAULT 0,
    "estimatedCost" DECIMAL(20,10) NOT NULL DEFAULT 0,
    "unpricedRequests" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "OtelDailyRollup_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "OtelDailyRollup_natural_key" ON "OtelDailyRollup"("orgId", "day", "dimension", "value", "provider", "model");
CREATE INDEX "OtelDailyRollup_orgId_dimension_day_idx" ON "OtelDailyRollup"("orgId", "dimension", "day");
ALTER TABLE "OtelDailyRollup" ADD CONSTRAINT "OtelDailyRollup_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "OtelDailyStats" (
    "orgId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "unit" TEXT NOT NULL,
    "count" BIGINT NOT NULL,
    "total" DECIMAL(20,10) NOT NULL,
    "p50" DECIMAL(20,10) NOT NULL,
    "p95" DECIMAL(20,10) NOT NULL,
    "settledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OtelDailyStats_pkey" PRIMARY KEY ("orgId","day","unit")
);
ALTER TABLE "OtelDailyStats" ADD CONSTRAINT "OtelDailyStats_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "OtelIngestDay" (
    "orgId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "received" BIGINT NOT NULL DEFAULT 0,
    "accepted" BIGINT NOT NULL DEFAULT 0,
    "duplicates" BIGINT NOT NULL DEFAULT 0,
    "ignored" BIGINT NOT NULL DEFAULT 0,
    "rejected" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "OtelIngestDay_pkey" PRIMARY KEY ("orgId","day")
);
ALTER TABLE "OtelIngestDay" ADD CONSTRAINT "OtelIngestDay_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "OtelAttribution" (
    "orgId" TEXT NOT NULL,
    "projectAttribute" TEXT NOT NULL DEFAULT 'service.name',
    "userAttributes" TEXT[] NOT NULL DEFAULT ARRAY['enduser.id', 'user.id']::TEXT[],
    "featureAttribute" TEXT NOT NULL DEFAULT 'app.feature',
    "customerAttribute" TEXT NOT NULL DEFAULT 'customer.id',
    "topN" INTEGER NOT NULL DEFAULT 50,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OtelAttribution_pkey" PRIMARY KEY ("orgId")
);
ALTER TABLE "OtelAttribution" ADD CONSTRAINT "OtelAttribution_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

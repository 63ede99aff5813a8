-- Alert channels (issue 19): Slack incoming webhooks and signed webhooks, per-rule routing with a severity
-- floor per channel, every delivery attempt recorded, quiet hours per org.

-- CreateEnum
CREATE TYPE "ChannelKind" AS ENUM ('SLACK', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "ChannelMessageKind" AS ENUM ('ALERT', 'DIGEST', 'TEST');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "quietHoursStartMinute" INTEGER,
ADD COLUMN     "quietHoursEndMinute" INTEGER,
ADD COLUMN     "quietHoursTimeZone" TEXT NOT NULL DEFAULT 'UTC';

-- AlterTable
ALTER TABLE "AlertRule" ADD COLUMN     "emailMinSeverity" "Severity" NOT NULL DEFAULT 'INFO';

-- CreateTable
CREATE TABLE "AlertChannel" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "kind" "ChannelKind" NOT NULL,
    "name" TEXT NOT NULL,
    "urlCiphertext" TEXT NOT NULL,
    "urlKeyId" TEXT NOT NULL,
    "urlHint" TEXT NOT NULL,
    "secretCiphertext" TEXT,
    "secretKeyId" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "disabledAt" TIMESTAMP(3),
    "disabledReason" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRuleChannel" (
    "ruleId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "minSeverity" "Severity" NOT NULL DEFAULT 'INFO',
    "delivery" "DeliveryMode" NOT NULL DEFAULT 'IMMEDIATE',

    CONSTRAINT "AlertRuleChannel_pkey" PRIMARY KEY ("ruleId","channelId")
);

-- CreateTable
CREATE TABLE "ChannelDelivery" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "kind" "ChannelMessageKind" NOT NULL,
    "alertEventId" TEXT,
    "digestKey" TEXT,
    "body" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attemptCount" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelAttempt" (
    "id" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "attemptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ok" BOOLEAN NOT NULL,
    "statusCode" INTEGER,
    "retryAfterSeconds" INTEGER,
    "error" TEXT,
    "replay" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ChannelAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AlertChannel_orgId_idx" ON "AlertChannel"("orgId");

-- CreateIndex
CREATE INDEX "AlertRuleChannel_channelId_idx" ON "AlertRuleChannel"("channelId");

-- CreateIndex
CREATE INDEX "ChannelDelivery_orgId_createdAt_idx" ON "ChannelDelivery"("orgId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelDelivery_channelId_alertEventId_key" ON "ChannelDelivery"("channelId", "alertEventId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelDelivery_channelId_digestKey_key" ON "ChannelDelivery"("channelId", "digestKey");

-- CreateIndex
CREATE INDEX "ChannelAttempt_deliveryId_idx" ON "ChannelAttempt"("deliveryId");

-- AddForeignKey
ALTER TABLE "AlertChannel" ADD CONSTRAINT "AlertChannel_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRuleChannel" ADD CONSTRAINT "AlertRuleChannel_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRuleChannel" ADD CONSTRAINT "AlertRuleChannel_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "AlertChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelDelivery" ADD CONSTRAINT "ChannelDelivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "AlertChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelDelivery" ADD CONSTRAINT "ChannelDelivery_alertEventId_fkey" FOREIGN KEY ("alertEventId") REFERENCES "AlertEvent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelAttempt" ADD CONSTRAINT "ChannelAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "ChannelDelivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

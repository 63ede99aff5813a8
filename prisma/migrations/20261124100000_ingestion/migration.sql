-- AlterTable
ALTER TABLE "UsageEvent" ADD COLUMN     "usageKind" TEXT NOT NULL DEFAULT 'completions';

-- CreateIndex
CREATE INDEX "CostBucket_connectionId_idx" ON "CostBucket"("connectionId");

-- CreateIndex
CREATE INDEX "UsageBucket_connectionId_idx" ON "UsageBucket"("connectionId");

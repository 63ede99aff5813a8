-- DropIndex
DROP INDEX "ModelPriceVersion_provider_model_effectiveFrom_key";

-- AlterTable
ALTER TABLE "VendorDocument" ADD COLUMN     "lastErrorAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "AlertEvent" ADD COLUMN     "digestedAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "ModelPriceVersion_provider_model_source_effectiveFrom_key" ON "ModelPriceVersion"("provider", "model", "source", "effectiveFrom");

-- CreateIndex
CREATE INDEX "PriceChange_detectedAt_idx" ON "PriceChange"("detectedAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailDelivery_orgId_digestKey_key" ON "EmailDelivery"("orgId", "digestKey");

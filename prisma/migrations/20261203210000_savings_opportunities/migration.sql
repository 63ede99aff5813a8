-- Savings engine (docs/savings.md): a project can say its traffic tolerates delay (batch API), and a
-- dismissed opportunity is kept with its reason and the saving it claimed when dismissed.
ALTER TABLE "Project" ADD COLUMN "toleratesDelay" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "OpportunityDismissal" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "savingLow" DECIMAL(18,2) NOT NULL,
    "savingHigh" DECIMAL(18,2) NOT NULL,
    "dismissedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OpportunityDismissal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OpportunityDismissal_orgId_key_key" ON "OpportunityDismissal"("orgId", "key");
CREATE INDEX "OpportunityDismissal_orgId_createdAt_idx" ON "OpportunityDismissal"("orgId", "createdAt");

-- AddForeignKey
ALTER TABLE "OpportunityDismissal" ADD CONSTRAINT "OpportunityDismissal_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Prepaid credits and committed spend per provider, with a run-out alert (issue 21, item 3).

-- AlterEnum
ALTER TYPE "AlertType" ADD VALUE 'CREDITS_RUNOUT';

-- CreateEnum
CREATE TYPE "CommitmentKind" AS ENUM ('PREPAID_CREDIT', 'COMMITTED_SPEND');

-- CreateTable
CREATE TABLE "ProviderCommitment" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "kind" "CommitmentKind" NOT NULL,
    "name" TEXT NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProviderCommitment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProviderCommitment_orgId_provider_idx" ON "ProviderCommitment"("orgId", "provider");

-- AddForeignKey
ALTER TABLE "ProviderCommitment" ADD CONSTRAINT "ProviderCommitment_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Privacy posture (issue 19, part B): an org's overrides of the bundled, cited posture seed.

-- CreateTable
CREATE TABLE "PostureOverride" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "vendor" TEXT NOT NULL,
    "offering" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "note" TEXT NOT NULL,
    "createdById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PostureOverride_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PostureOverride_orgId_vendor_offering_field_key" ON "PostureOverride"("orgId", "vendor", "offering", "field");

-- AddForeignKey
ALTER TABLE "PostureOverride" ADD CONSTRAINT "PostureOverride_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

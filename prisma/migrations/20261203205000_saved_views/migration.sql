-- Saved Spend views, per-person pins to the Overview and weekly emailed reports (issue 20, item 4).

-- A scheduled report's CSV travels with its delivery row, so every retry sends the same file.
ALTER TABLE "EmailDelivery" ADD COLUMN "attachments" JSONB;

-- CreateTable
CREATE TABLE "SavedView" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "filters" JSONB NOT NULL,
    "range" TEXT NOT NULL,
    "fromDay" TEXT,
    "toDay" TEXT,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SavedView_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SavedViewPin" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "viewId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedViewPin_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ViewReport" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "viewId" TEXT NOT NULL,
    "createdById" TEXT,
    "weekday" INTEGER NOT NULL,
    "hour" INTEGER NOT NULL,
    "minute" INTEGER NOT NULL,
    "memberIds" TEXT[] NOT NULL,
    "addresses" TEXT[] NOT NULL,
    "lastSentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ViewReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SavedView_orgId_shared_idx" ON "SavedView"("orgId", "shared");

-- CreateIndex
CREATE UNIQUE INDEX "SavedView_orgId_ownerId_name_key" ON "SavedView"("orgId", "ownerId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "SavedViewPin_userId_viewId_key" ON "SavedViewPin"("userId", "viewId");

-- CreateIndex
CREATE UNIQUE INDEX "ViewReport_viewId_key" ON "ViewReport"("viewId");

-- AddForeignKey
ALTER TABLE "SavedView" ADD CONSTRAINT "SavedView_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SavedView" ADD CONSTRAINT "SavedView_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SavedViewPin" ADD CONSTRAINT "SavedViewPin_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SavedViewPin" ADD CONSTRAINT "SavedViewPin_viewId_fkey" FOREIGN KEY ("viewId") REFERENCES "SavedView"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ViewReport" ADD CONSTRAINT "ViewReport_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ViewReport" ADD CONSTRAINT "ViewReport_viewId_fkey" FOREIGN KEY ("viewId") REFERENCES "SavedView"("id") ON DELETE CASCADE ON UPDATE CASCADE;

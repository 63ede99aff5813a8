-- Scheduled FOCUS drops (issue 17, item 1): a URL or a server folder an org's cloud bill export lands in,
-- fetched on a schedule and imported exactly like an upload.

-- CreateEnum
CREATE TYPE "FocusSourceKind" AS ENUM ('URL', 'FOLDER');

-- CreateEnum
CREATE TYPE "FocusSourceSchedule" AS ENUM ('HOURLY', 'DAILY');

-- CreateEnum
CREATE TYPE "FocusSourceStatus" AS ENUM ('IMPORTED', 'UNCHANGED', 'FAILED');

-- CreateTable
CREATE TABLE "FocusSource" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "FocusSourceKind" NOT NULL,
    "url" TEXT,
    "folder" TEXT,
    "schedule" "FocusSourceSchedule" NOT NULL DEFAULT 'DAILY',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "headerName" TEXT,
    "encryptedHeaderValue" TEXT,
    "headerKeyId" TEXT,
    "etag" TEXT,
    "lastModified" TEXT,
    "fingerprint" JSONB,
    "lastRunAt" TIMESTAMP(3),
    "lastStatus" "FocusSourceStatus",
    "lastError" TEXT,
    "lastMessage" TEXT,
    "lastImportId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FocusSource_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FocusSource_orgId_idx" ON "FocusSource"("orgId");

-- AddForeignKey
ALTER TABLE "FocusSource" ADD CONSTRAINT "FocusSource_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

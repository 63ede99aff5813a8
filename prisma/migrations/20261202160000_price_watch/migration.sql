-- CreateEnum
CREATE TYPE "PriceChangeDating" AS ENUM ('SOURCE_ENTRY', 'SOURCE_VERSION', 'FIRST_SEEN');

-- CreateEnum
CREATE TYPE "PriceChangeStatus" AS ENUM ('CONFIRMED', 'UNCONFIRMED', 'REVERTED', 'BASELINE');

-- AlterTable
ALTER TABLE "PriceChange" ALTER COLUMN "toVersionId" DROP NOT NULL,
ADD COLUMN     "source" TEXT,
ADD COLUMN     "datedBy" "PriceChangeDating" NOT NULL DEFAULT 'FIRST_SEEN',
ADD COLUMN     "status" "PriceChangeStatus" NOT NULL DEFAULT 'CONFIRMED',
ADD COLUMN     "note" TEXT,
ADD COLUMN     "resolvedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "PriceSource" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "etag" TEXT,
    "lastModified" TEXT,
    "contentHash" TEXT,
    "firstPolledAt" TIMESTAMP(3),
    "lastPolledAt" TIMESTAMP(3),
    "lastChangedAt" TIMESTAMP(3),
    "lastNotModified" BOOLEAN NOT NULL DEFAULT false,
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),

    CONSTRAINT "PriceSource_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PriceChange_source_status_idx" ON "PriceChange"("source", "status");

-- CreateIndex
CREATE UNIQUE INDEX "PriceSource_url_key" ON "PriceSource"("url");

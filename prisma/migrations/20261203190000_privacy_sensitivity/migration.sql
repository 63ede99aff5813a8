-- Privacy exposure (issue 19, part B): which projects send sensitive data, and how long the org lets a vendor keep it.

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "maxRetentionDays" INTEGER;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN "sensitiveData" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

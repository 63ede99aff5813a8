-- AlterTable
ALTER TABLE "GpuPool" ADD COLUMN     "rolledUpUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "GpuHourlyMetric" ALTER COLUMN "avgUtilisation" DROP NOT NULL,
ALTER COLUMN "avgPowerWatts" DROP NOT NULL;

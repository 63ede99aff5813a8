-- FOCUS import (docs/focus.md). Cloud-billed AI spend (Bedrock, Vertex AI, Azure OpenAI) lands in the same
-- daily buckets, with the cloud that billed it as a host dimension ("" = the provider's own API), its FOCUS
-- ChargeCategory (credits, refunds, tax never netted into usage) and its effective and list cost beside
-- the billed amount. The monthly roll-up keeps the host apart: the source-of-truth rule (docs/spend.md)
-- lets a provider's billing connection overrule pushed/CSV rows of the provider's own API only, never a
-- cloud's bill for the same maker's models.
ALTER TYPE "BucketOrigin" ADD VALUE 'FOCUS';

ALTER TABLE "CostBucket" ADD COLUMN "host" TEXT NOT NULL DEFAULT '';
ALTER TABLE "CostBucket" ADD COLUMN "chargeCategory" TEXT NOT NULL DEFAULT 'Usage';
ALTER TABLE "CostBucket" ADD COLUMN "effectiveCost" DECIMAL(20,10);
ALTER TABLE "CostBucket" ADD COLUMN "listCost" DECIMAL(20,10);
DROP INDEX "CostBucket_natural_key";
CREATE UNIQUE INDEX "CostBucket_natural_key" ON "CostBucket"("orgId", "sourceKey", "provider", "day", "projectId", "model", "lineItem", "currency", "host", "chargeCategory");

ALTER TABLE "CostMonth" ADD COLUMN "host" TEXT NOT NULL DEFAULT '';
ALTER TABLE "CostMonth" ALTER COLUMN "host" DROP DEFAULT;
ALTER TABLE "CostMonth" DROP CONSTRAINT "CostMonth_pkey";
ALTER TABLE "CostMonth" ADD CONSTRAINT "CostMonth_pkey" PRIMARY KEY ("orgId", "month", "provider", "model", "projectId", "host", "estimated", "fromConnection");

CREATE OR REPLACE FUNCTION "CostMonth_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CostMonth" AS m ("orgId", "month", "provider", "model", "projectId", "host", "estimated", "fromConnection", "amount", "buckets")
    SELECT "orgId", date_trunc('month', "day"::timestamp)::date, "provider", "model", "projectId", "host", "estimated", "origin" = 'PROVIDER_API', SUM("amount"), COUNT(*)
    FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ("orgId", "month", "provider", "model", "projectId", "host", "estimated", "fromConnection")
    DO UPDATE SET "amount" = m."amount" + EXCLUDED."amount", "buckets" = m."buckets" + EXCLUDED."buckets";
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "CostMonth_after_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CostMonth" AS m ("orgId", "month", "provider", "model", "projectId", "host", "estimated", "fromConnection", "amount", "buckets")
    SELECT "orgId", "month", "provider", "model", "projectId", "host", "estimated", "fromConnection", SUM("amount"), SUM("buckets") FROM (
      SELECT "orgId", date_trunc('month', "day"::timestamp)::date AS "month", "provider", "model", "projectId", "host", "estimated", "origin" = 'PROVIDER_API' AS "fromConnection", "amount", 1 AS "buckets" FROM new_rows
      UNION ALL
      SELECT "orgId", date_trunc('month', "day"::timestamp)::date, "provider", "model", "projectId", "host", "estimated", "origin" = 'PROVIDER_API', -"amount", -1 FROM old_rows) x
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING SUM("amount") <> 0 OR SUM("buckets") <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ("orgId", "month", "provider", "model", "projectId", "host", "estimated", "fromConnection")
    DO UPDATE SET "amount" = m."amount" + EXCLUDED."amount", "buckets" = m."buckets" + EXCLUDED."buckets";
  DELETE FROM "CostMonth" m USING (SELECT DISTINCT "orgId", date_trunc('month', "day"::timestamp)::date AS "month", "provider", "model", "projectId", "host", "estimated", "origin" = 'PROVIDER_API' AS "fromConnection" FROM old_rows) o
    WHERE m."buckets" = 0 AND (m."orgId", m."month", m."provider", m."model", m."projectId", m."host", m."estimated", m."fromConnection") = (o."orgId", o."month", o."provider", o."model", o."projectId", o."host", o."estimated", o."fromConnection");
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "CostMonth_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CostMonth" AS m ("orgId", "month", "provider", "model", "projectId", "host", "estimated", "fromConnection", "amount", "buckets")
    SELECT "orgId", date_trunc('month', "day"::timestamp)::date, "provider", "model", "projectId", "host", "estimated", "origin" = 'PROVIDER_API', -SUM("amount"), -COUNT(*)
    FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ("orgId", "month", "provider", "model", "projectId", "host", "estimated", "fromConnection")
    DO UPDATE SET "amount" = m."amount" + EXCLUDED."amount", "buckets" = m."buckets" + EXCLUDED."buckets";
  DELETE FROM "CostMonth" m USING (SELECT DISTINCT "orgId", date_trunc('month', "day"::timestamp)::date AS "month", "provider", "model", "projectId", "host", "estimated", "origin" = 'PROVIDER_API' AS "fromConnection" FROM old_rows) o
    WHERE m."buckets" = 0 AND (m."orgId", m."month", m."provider", m."model", m."projectId", m."host", m."estimated", m."fromConnection") = (o."orgId", o."month", o."provider", o."model", o."projectId", o."host", o."estimated", o."fromConnection");
  RETURN NULL;
END
$$;


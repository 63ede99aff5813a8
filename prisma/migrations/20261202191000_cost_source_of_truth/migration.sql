-- Source of truth (docs/spend.md): a provider's billing-connection rows are its dollars; pushed
-- and CSV rows for the same provider and month are attribution. The roll-up keeps the two apart
-- ("fromConnection", from CostBucket.origin) so month-level queries can leave attribution out
-- where the connection billed that provider that month, exactly as day-level queries do.
ALTER TABLE "CostMonth" ADD COLUMN "fromConnection" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "CostMonth" ALTER COLUMN "fromConnection" DROP DEFAULT;
ALTER TABLE "CostMonth" DROP CONSTRAINT "CostMonth_pkey";
DELETE FROM "CostMonth";
ALTER TABLE "CostMonth" ADD CONSTRAINT "CostMonth_pkey" PRIMARY KEY ("orgId", "month", "provider", "model", "projectId", "estimated", "fromConnection");

CREATE OR REPLACE FUNCTION "CostMonth_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CostMonth" AS m ("orgId", "month", "provider", "model", "projectId", "estimated", "fromConnection", "amount", "buckets")
    SELECT "orgId", date_trunc('month', "day"::timestamp)::date, "provider", "model", "projectId", "estimated", "origin" = 'PROVIDER_API', SUM("amount"), COUNT(*)
    FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ("orgId", "month", "provider", "model", "projectId", "estimated", "fromConnection")
    DO UPDATE SET "amount" = m."amount" + EXCLUDED."amount", "buckets" = m."buckets" + EXCLUDED."buckets";
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "CostMonth_after_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CostMonth" AS m ("orgId", "month", "provider", "model", "projectId", "estimated", "fromConnection", "amount", "buckets")
    SELECT "orgId", "month", "provider", "model", "projectId", "estimated", "fromConnection", SUM("amount"), SUM("buckets") FROM (
      SELECT "orgId", date_trunc('month', "day"::timestamp)::date AS "month", "provider", "model", "projectId", "estimated", "origin" = 'PROVIDER_API' AS "fromConnection", "amount", 1 AS "buckets" FROM new_rows
      UNION ALL
      SELECT "orgId", date_trunc('month', "day"::timestamp)::date, "provider", "model", "projectId", "estimated", "origin" = 'PROVIDER_API', -"amount", -1 FROM old_rows) x
    GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING SUM("amount") <> 0 OR SUM("buckets") <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ("orgId", "month", "provider", "model", "projectId", "estimated", "fromConnection")
    DO UPDATE SET "amount" = m."amount" + EXCLUDED."amount", "buckets" = m."buckets" + EXCLUDED."buckets";
  DELETE FROM "CostMonth" m USING (SELECT DISTINCT "orgId", date_trunc('month', "day"::timestamp)::date AS "month", "provider", "model", "projectId", "estimated", "origin" = 'PROVIDER_API' AS "fromConnection" FROM old_rows) o
    WHERE m."buckets" = 0 AND (m."orgId", m."month", m."provider", m."model", m."projectId", m."estimated", m."fromConnection") = (o."orgId", o."month", o."provider", o."model", o."projectId", o."estimated", o."fromConnection");
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "CostMonth_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CostMonth" AS m ("orgId", "month", "provider", "model", "projectId", "estimated", "fromConnection", "amount", "buckets")
    SELECT "orgId", date_trunc('month', "day"::timestamp)::date, "provider", "model", "projectId", "estimated", "origin" = 'PROVIDER_API', -SUM("amount"), -COUNT(*)
    FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ("orgId", "month", "provider", "model", "projectId", "estimated", "fromConnection")
    DO UPDATE SET "amount" = m."amount" + EXCLUDED."amount", "buckets" = m."buckets" + EXCLUDED."buckets";
  DELETE FROM "CostMonth" m USING (SELECT DISTINCT "orgId", date_trunc('month', "day"::timestamp)::date AS "month", "provider", "model", "projectId", "estimated", "origin" = 'PROVIDER_API' AS "fromConnection" FROM old_rows) o
    WHERE m."buckets" = 0 AND (m."orgId", m."month", m."provider", m."model", m."projectId", m."estimated", m."fromConnection") = (o."orgId", o."month", o."provider", o."model", o."projectId", o."estimated", o."fromConnection");
  RETURN NULL;
END
$$;

-- Rebuild from the buckets, now split by source.
INSERT INTO "CostMonth" ("orgId", "month", "provider", "model", "projectId", "estimated", "fromConnection", "amount", "buckets")
SELECT "orgId", date_trunc('month', "day"::timestamp)::date, "provider", "model", "projectId", "estimated", "origin" = 'PROVIDER_API', SUM("amount"), COUNT(*)
FROM "CostBucket" GROUP BY 1, 2, 3, 4, 5, 6, 7;

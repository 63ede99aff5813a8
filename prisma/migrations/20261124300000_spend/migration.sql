-- CreateIndex
CREATE INDEX "CostBucket_orgId_model_day_idx" ON "CostBucket"("orgId", "model", "day");

-- CreateIndex
CREATE INDEX "CostBucket_orgId_projectId_day_idx" ON "CostBucket"("orgId", "projectId", "day");

-- CreateIndex
CREATE INDEX "UsageBucket_orgId_projectId_day_idx" ON "UsageBucket"("orgId", "projectId", "day");

-- CreateTable
CREATE TABLE "CostMonth" (
    "orgId" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "estimated" BOOLEAN NOT NULL,
    "amount" DECIMAL(24,10) NOT NULL,
    "buckets" INTEGER NOT NULL,

    CONSTRAINT "CostMonth_pkey" PRIMARY KEY ("orgId","month","provider","model","projectId","estimated")
);

-- Monthly roll-up of CostBucket, kept by statement-level triggers: one statement of any size costs
-- one grouped upsert of its net change per month key (new rows added, old rows taken away),
-- applied in key order so concurrent writers lock roll-up rows in the same order. The month of a
-- day is taken on a timestamp without time zone, so the session's time zone never moves it.
CREATE FUNCTION "CostMonth_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CostMonth" AS m ("orgId", "month", "provider", "model", "projectId", "estimated", "amount", "buckets")
    SELECT "orgId", date_trunc('month', "day"::timestamp)::date, "provider", "model", "projectId", "estimated", SUM("amount"), COUNT(*)
    FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ("orgId", "month", "provider", "model", "projectId", "estimated")
    DO UPDATE SET "amount" = m."amount" + EXCLUDED."amount", "buckets" = m."buckets" + EXCLUDED."buckets";
  RETURN NULL;
END
$$;

CREATE FUNCTION "CostMonth_after_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CostMonth" AS m ("orgId", "month", "provider", "model", "projectId", "estimated", "amount", "buckets")
    SELECT "orgId", "month", "provider", "model", "projectId", "estimated", SUM("amount"), SUM("buckets") FROM (
      SELECT "orgId", date_trunc('month', "day"::timestamp)::date AS "month", "provider", "model", "projectId", "estimated", "amount", 1 AS "buckets" FROM new_rows
      UNION ALL
      SELECT "orgId", date_trunc('month', "day"::timestamp)::date, "provider", "model", "projectId", "estimated", -"amount", -1 FROM old_rows) x
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM("amount") <> 0 OR SUM("buckets") <> 0 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ("orgId", "month", "provider", "model", "projectId", "estimated")
    DO UPDATE SET "amount" = m."amount" + EXCLUDED."amount", "buckets" = m."buckets" + EXCLUDED."buckets";
  DELETE FROM "CostMonth" m USING (SELECT DISTINCT "orgId", date_trunc('month', "day"::timestamp)::date AS "month", "provider", "model", "projectId", "estimated" FROM old_rows) o
    WHERE m."buckets" = 0 AND (m."orgId", m."month", m."provider", m."model", m."projectId", m."estimated") = (o."orgId", o."month", o."provider", o."model", o."projectId", o."estimated");
  RETURN NULL;
END
$$;

CREATE FUNCTION "CostMonth_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CostMonth" AS m ("orgId", "month", "provider", "model", "projectId", "estimated", "amount", "buckets")
    SELECT "orgId", date_trunc('month', "day"::timestamp)::date, "provider", "model", "projectId", "estimated", -SUM("amount"), -COUNT(*)
    FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ("orgId", "month", "provider", "model", "projectId", "estimated")
    DO UPDATE SET "amount" = m."amount" + EXCLUDED."amount", "buckets" = m."buckets" + EXCLUDED."buckets";
  DELETE FROM "CostMonth" m USING (SELECT DISTINCT "orgId", date_trunc('month', "day"::timestamp)::date AS "month", "provider", "model", "projectId", "estimated" FROM old_rows) o
    WHERE m."buckets" = 0 AND (m."orgId", m."month", m."provider", m."model", m."projectId", m."estimated") = (o."orgId", o."month", o."provider", o."model", o."projectId", o."estimated");
  RETURN NULL;
END
$$;

CREATE TRIGGER "CostBucket_month_insert" AFTER INSERT ON "CostBucket" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "CostMonth_after_insert"();
CREATE TRIGGER "CostBucket_month_update" AFTER UPDATE ON "CostBucket" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "CostMonth_after_update"();
CREATE TRIGGER "CostBucket_month_delete" AFTER DELETE ON "CostBucket" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "CostMonth_after_delete"();

-- Backfill: buckets written before this migration.
INSERT INTO "CostMonth" ("orgId", "month", "provider", "model", "projectId", "estimated", "amount", "buckets")
SELECT "orgId", date_trunc('month', "day"::timestamp)::date, "provider", "model", "projectId", "estimated", SUM("amount"), COUNT(*)
FROM "CostBucket" GROUP BY 1, 2, 3, 4, 5, 6;

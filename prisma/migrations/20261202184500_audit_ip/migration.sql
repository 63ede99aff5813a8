-- Where an audited action came from (the client address), for the audit page.
ALTER TABLE "AuditLog" ADD COLUMN "ip" TEXT;

-- The audit page filters one org's log by action over a date range.
CREATE INDEX "AuditLog_orgId_action_createdAt_idx" ON "AuditLog"("orgId", "action", "createdAt");

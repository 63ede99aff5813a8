-- A delivery that was never attempted because no mail server is configured (SMTP_URL unset):
-- shown as such in Settings → Email log instead of being retried until it fails.
ALTER TYPE "DeliveryStatus" ADD VALUE 'NOT_SENT';

ALTER TABLE "meeting_snapshots" ADD COLUMN "client_owners" jsonb;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;
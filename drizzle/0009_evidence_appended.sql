CREATE TABLE "circulation_deliveries" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"circulation_id" uuid NOT NULL,
	"transport" text NOT NULL,
	"reference" text,
	"error" text,
	"gave_up" boolean DEFAULT false NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "circulation_receipts" (
	"circulation_id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disagreement_reflections" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"disagreement_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"reflected" text NOT NULL,
	"accepted" boolean NOT NULL,
	"reflected_by" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"circulation_id" uuid NOT NULL,
	"to_name" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"attachment_name" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mail_outbox_circulation_id_unique" UNIQUE("circulation_id")
);
--> statement-breakpoint
CREATE TABLE "mirror_jobs" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agency_confirmations" DROP CONSTRAINT "agency_confirmations_meeting_id_meetings_id_fk";
--> statement-breakpoint
ALTER TABLE "attendance" DROP CONSTRAINT "attendance_meeting_id_meetings_id_fk";
--> statement-breakpoint
ALTER TABLE "circulations" DROP CONSTRAINT "circulations_meeting_id_meetings_id_fk";
--> statement-breakpoint
ALTER TABLE "circulations" DROP CONSTRAINT "circulations_record_id_written_records_id_fk";
--> statement-breakpoint
ALTER TABLE "disagreements" DROP CONSTRAINT "disagreements_reflected_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "disagreements" DROP CONSTRAINT "disagreements_meeting_id_meetings_id_fk";
--> statement-breakpoint
ALTER TABLE "editing_pauses" DROP CONSTRAINT "editing_pauses_meeting_id_meetings_id_fk";
--> statement-breakpoint
ALTER TABLE "meeting_snapshots" DROP CONSTRAINT "meeting_snapshots_meeting_id_meetings_id_fk";
--> statement-breakpoint
ALTER TABLE "meeting_updates" DROP CONSTRAINT "meeting_updates_meeting_id_meetings_id_fk";
--> statement-breakpoint
ALTER TABLE "meetings" DROP CONSTRAINT "meetings_case_id_cases_id_fk";
--> statement-breakpoint
ALTER TABLE "plan_versions" DROP CONSTRAINT "plan_versions_meeting_id_meetings_id_fk";
--> statement-breakpoint
ALTER TABLE "signatures" DROP CONSTRAINT "signatures_meeting_id_meetings_id_fk";
--> statement-breakpoint
ALTER TABLE "view_links" DROP CONSTRAINT "view_links_meeting_id_meetings_id_fk";
--> statement-breakpoint
ALTER TABLE "written_records" DROP CONSTRAINT "written_records_meeting_id_meetings_id_fk";
--> statement-breakpoint
ALTER TABLE "written_views" DROP CONSTRAINT "written_views_meeting_id_meetings_id_fk";
--> statement-breakpoint
DROP INDEX "circulations_meeting_idx";--> statement-breakpoint
ALTER TABLE "attendance" DROP CONSTRAINT "attendance_meeting_id_member_id_pk";--> statement-breakpoint
ALTER TABLE "circulations" ALTER COLUMN "transport" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "attendance" ADD COLUMN "seq" bigserial PRIMARY KEY NOT NULL;--> statement-breakpoint
ALTER TABLE "circulations" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "circulations" ADD COLUMN "receipt_token_hash" text;--> statement-breakpoint
ALTER TABLE "circulations" ADD COLUMN "resend" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "circulation_deliveries" ADD CONSTRAINT "circulation_deliveries_circulation_id_circulations_id_fk" FOREIGN KEY ("circulation_id") REFERENCES "public"."circulations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circulation_receipts" ADD CONSTRAINT "circulation_receipts_circulation_id_circulations_id_fk" FOREIGN KEY ("circulation_id") REFERENCES "public"."circulations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disagreement_reflections" ADD CONSTRAINT "disagreement_reflections_disagreement_id_disagreements_id_fk" FOREIGN KEY ("disagreement_id") REFERENCES "public"."disagreements"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disagreement_reflections" ADD CONSTRAINT "disagreement_reflections_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disagreement_reflections" ADD CONSTRAINT "disagreement_reflections_reflected_by_users_id_fk" FOREIGN KEY ("reflected_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_circulation_id_circulations_id_fk" FOREIGN KEY ("circulation_id") REFERENCES "public"."circulations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mirror_jobs" ADD CONSTRAINT "mirror_jobs_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "circulation_deliveries_idx" ON "circulation_deliveries" USING btree ("circulation_id","seq");--> statement-breakpoint
CREATE INDEX "disagreement_reflections_idx" ON "disagreement_reflections" USING btree ("disagreement_id","seq");--> statement-breakpoint
CREATE INDEX "mail_outbox_due_idx" ON "mail_outbox" USING btree ("next_attempt_at");--> statement-breakpoint
CREATE INDEX "mirror_jobs_meeting_idx" ON "mirror_jobs" USING btree ("meeting_id","seq");--> statement-breakpoint
ALTER TABLE "agency_confirmations" ADD CONSTRAINT "agency_confirmations_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circulations" ADD CONSTRAINT "circulations_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circulations" ADD CONSTRAINT "circulations_record_id_written_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."written_records"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disagreements" ADD CONSTRAINT "disagreements_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "editing_pauses" ADD CONSTRAINT "editing_pauses_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_snapshots" ADD CONSTRAINT "meeting_snapshots_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_updates" ADD CONSTRAINT "meeting_updates_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "view_links" ADD CONSTRAINT "view_links_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "written_records" ADD CONSTRAINT "written_records_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "written_views" ADD CONSTRAINT "written_views_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attendance_meeting_member_idx" ON "attendance" USING btree ("meeting_id","member_id","seq");--> statement-breakpoint
CREATE INDEX "circulations_meeting_idx" ON "circulations" USING btree ("meeting_id","member_id");--> statement-breakpoint
-- Reflections recorded in place before now become the first appended reflection of their disagreement.
INSERT INTO "disagreement_reflections" ("disagreement_id", "meeting_id", "reflected", "accepted", "reflected_by", "at")
	SELECT "id", "meeting_id", "reflected", coalesce("accepted", false), "reflected_by", coalesce("reflected_at", "at")
	FROM "disagreements" WHERE "reflected" IS NOT NULL;--> statement-breakpoint
-- Each earlier circulation row held its one attempt's outcome: it becomes that circulation's delivery.
INSERT INTO "circulation_deliveries" ("circulation_id", "transport", "reference", "error", "at")
	SELECT "id", "transport", "reference", "error", "at" FROM "circulations" WHERE "transport" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "disagreements" DROP COLUMN "reflected";--> statement-breakpoint
ALTER TABLE "disagreements" DROP COLUMN "accepted";--> statement-breakpoint
ALTER TABLE "disagreements" DROP COLUMN "reflected_by";--> statement-breakpoint
ALTER TABLE "disagreements" DROP COLUMN "reflected_at";--> statement-breakpoint
ALTER TABLE "circulations" ADD CONSTRAINT "circulations_receipt_token_hash_unique" UNIQUE("receipt_token_hash");
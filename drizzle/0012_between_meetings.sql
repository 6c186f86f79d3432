CREATE TABLE "action_progress" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"action_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_acknowledgements" (
	"escalation_id" uuid PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"details" text NOT NULL,
	"raised_by" uuid,
	"raised_by_user" uuid,
	"trigger_key" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escalations_trigger_key_unique" UNIQUE("trigger_key")
);
--> statement-breakpoint
CREATE TABLE "home_visits" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"child_seen" boolean NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_reschedules" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"from_scheduled_for" timestamp with time zone NOT NULL,
	"to_scheduled_for" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"member_id" uuid,
	"user_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"case_id" uuid,
	"to_user_id" uuid,
	"to_name" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_until" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notices_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "reminder_opt_outs" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "authority_policy" ADD COLUMN "conference_chair_email" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "action_progress" ADD CONSTRAINT "action_progress_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_progress" ADD CONSTRAINT "action_progress_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_progress" ADD CONSTRAINT "action_progress_member_id_memberships_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_progress" ADD CONSTRAINT "action_progress_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_acknowledgements" ADD CONSTRAINT "escalation_acknowledgements_escalation_id_escalations_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."escalations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_acknowledgements" ADD CONSTRAINT "escalation_acknowledgements_member_id_memberships_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_acknowledgements" ADD CONSTRAINT "escalation_acknowledgements_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_raised_by_memberships_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_raised_by_user_users_id_fk" FOREIGN KEY ("raised_by_user") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_visits" ADD CONSTRAINT "home_visits_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_visits" ADD CONSTRAINT "home_visits_member_id_memberships_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_visits" ADD CONSTRAINT "home_visits_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_reschedules" ADD CONSTRAINT "meeting_reschedules_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_reschedules" ADD CONSTRAINT "meeting_reschedules_member_id_memberships_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_reschedules" ADD CONSTRAINT "meeting_reschedules_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_to_user_id_users_id_fk" FOREIGN KEY ("to_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_opt_outs" ADD CONSTRAINT "reminder_opt_outs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_progress_case_idx" ON "action_progress" USING btree ("case_id","action_id","seq");--> statement-breakpoint
CREATE INDEX "escalations_case_idx" ON "escalations" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "home_visits_case_idx" ON "home_visits" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "meeting_reschedules_meeting_idx" ON "meeting_reschedules" USING btree ("meeting_id","seq");--> statement-breakpoint
CREATE INDEX "notices_unsent_idx" ON "notices" USING btree ("sent_at","created_at");--> statement-breakpoint
CREATE TRIGGER action_progress_append_only
	BEFORE UPDATE OR DELETE ON action_progress
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER action_progress_no_truncate
	BEFORE TRUNCATE ON action_progress
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER home_visits_append_only
	BEFORE UPDATE OR DELETE ON home_visits
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER home_visits_no_truncate
	BEFORE TRUNCATE ON home_visits
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER escalations_append_only
	BEFORE UPDATE OR DELETE ON escalations
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER escalations_no_truncate
	BEFORE TRUNCATE ON escalations
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER escalation_acknowledgements_append_only
	BEFORE UPDATE OR DELETE ON escalation_acknowledgements
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER escalation_acknowledgements_no_truncate
	BEFORE TRUNCATE ON escalation_acknowledgements
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER meeting_reschedules_append_only
	BEFORE UPDATE OR DELETE ON meeting_reschedules
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER meeting_reschedules_no_truncate
	BEFORE TRUNCATE ON meeting_reschedules
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();

CREATE TABLE "editing_pauses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"paused" boolean NOT NULL,
	"recorded_by" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_versions" (
	"meeting_id" uuid NOT NULL,
	"plan_hash" text NOT NULL,
	"plan" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_versions_meeting_id_plan_hash_pk" PRIMARY KEY("meeting_id","plan_hash")
);
--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "agrees" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "explained_by" uuid;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "interpreter" text;--> statement-breakpoint
ALTER TABLE "written_records" ADD COLUMN "audit_seq" bigint;--> statement-breakpoint
ALTER TABLE "written_records" ADD COLUMN "audit_hash" text;--> statement-breakpoint
ALTER TABLE "editing_pauses" ADD CONSTRAINT "editing_pauses_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "editing_pauses" ADD CONSTRAINT "editing_pauses_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "editing_pauses_meeting_idx" ON "editing_pauses" USING btree ("meeting_id","at");--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_explained_by_memberships_id_fk" FOREIGN KEY ("explained_by") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;
CREATE TABLE "meeting_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"up_to_seq" bigint NOT NULL,
	"state" "bytea" NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_updates" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"member_id" uuid,
	"user_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"update" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "meeting_snapshots" ADD CONSTRAINT "meeting_snapshots_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_updates" ADD CONSTRAINT "meeting_updates_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_updates" ADD CONSTRAINT "meeting_updates_member_id_memberships_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_updates" ADD CONSTRAINT "meeting_updates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_snapshots_meeting_idx" ON "meeting_snapshots" USING btree ("meeting_id","up_to_seq");--> statement-breakpoint
CREATE INDEX "meeting_updates_meeting_idx" ON "meeting_updates" USING btree ("meeting_id","seq");
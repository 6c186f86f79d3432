-- Evidence is appended, never changed (DESIGN §4 rule 12): the database itself refuses to change, remove or
-- empty a row of the record, for every role. A fact that changes is a new row; the latest holds. Only the
-- tables' owner could switch this off, so the app should connect as a role that does not own them (README).
CREATE OR REPLACE FUNCTION evidence_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is evidence and append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER meeting_updates_append_only
	BEFORE UPDATE OR DELETE ON meeting_updates
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER meeting_updates_no_truncate
	BEFORE TRUNCATE ON meeting_updates
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER meeting_snapshots_append_only
	BEFORE UPDATE OR DELETE ON meeting_snapshots
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER meeting_snapshots_no_truncate
	BEFORE TRUNCATE ON meeting_snapshots
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER attendance_append_only
	BEFORE UPDATE OR DELETE ON attendance
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER attendance_no_truncate
	BEFORE TRUNCATE ON attendance
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER disagreements_append_only
	BEFORE UPDATE OR DELETE ON disagreements
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER disagreements_no_truncate
	BEFORE TRUNCATE ON disagreements
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER disagreement_reflections_append_only
	BEFORE UPDATE OR DELETE ON disagreement_reflections
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER disagreement_reflections_no_truncate
	BEFORE TRUNCATE ON disagreement_reflections
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER written_views_append_only
	BEFORE UPDATE OR DELETE ON written_views
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER written_views_no_truncate
	BEFORE TRUNCATE ON written_views
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER signatures_append_only
	BEFORE UPDATE OR DELETE ON signatures
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER signatures_no_truncate
	BEFORE TRUNCATE ON signatures
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER agency_confirmations_append_only
	BEFORE UPDATE OR DELETE ON agency_confirmations
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER agency_confirmations_no_truncate
	BEFORE TRUNCATE ON agency_confirmations
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER plan_versions_append_only
	BEFORE UPDATE OR DELETE ON plan_versions
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER plan_versions_no_truncate
	BEFORE TRUNCATE ON plan_versions
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER editing_pauses_append_only
	BEFORE UPDATE OR DELETE ON editing_pauses
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER editing_pauses_no_truncate
	BEFORE TRUNCATE ON editing_pauses
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER written_records_append_only
	BEFORE UPDATE OR DELETE ON written_records
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER written_records_no_truncate
	BEFORE TRUNCATE ON written_records
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER circulations_append_only
	BEFORE UPDATE OR DELETE ON circulations
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER circulations_no_truncate
	BEFORE TRUNCATE ON circulations
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER circulation_deliveries_append_only
	BEFORE UPDATE OR DELETE ON circulation_deliveries
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER circulation_deliveries_no_truncate
	BEFORE TRUNCATE ON circulation_deliveries
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER circulation_receipts_append_only
	BEFORE UPDATE OR DELETE ON circulation_receipts
	FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change();
--> statement-breakpoint
CREATE TRIGGER circulation_receipts_no_truncate
	BEFORE TRUNCATE ON circulation_receipts
	FOR EACH STATEMENT EXECUTE FUNCTION evidence_refuse_change();

// The data model of the record: people, the cases they work on, each case's core group and its meetings,
// plus sign-in state and the append-only audit log. Read top to bottom it is the domain.
import { relations, sql } from 'drizzle-orm';
import {
	bigint,
	bigserial,
	customType,
	boolean,
	date,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { ATTENDANCE_STATUSES, MEETING_STATUSES, ROLES, SIGNATURE_METHODS } from '../../plan/roots';

/** Raw bytes (Yjs updates and snapshots); the same column type on PostgreSQL and PGlite. */
const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea',
	// postgres.js returns a Buffer: hand out a plain Uint8Array so Yjs sees the same thing on both drivers.
	fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
});

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The nations whose bank holidays decide working days. */
export const nation = pgEnum('nation', ['england-wales', 'scotland', 'northern-ireland', 'isle-of-man']);

/** Roles in a core group; write rights in the live plan follow from these. */
export const memberRole = pgEnum('member_role', ROLES);

export const meetingStatus = pgEnum('meeting_status', MEETING_STATUSES);
export const attendanceStatus = pgEnum('attendance_status', ATTENDANCE_STATUSES);
export const signatureMethod = pgEnum('signature_method', SIGNATURE_METHODS);

export const users = pgTable('users', {
	id: uuid('id').primaryKey().defaultRandom(),
	/** Stored lower-case; unique. */
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	/** argon2id; null until the person has set a password through their invitation link. */
	passwordHash: text('password_hash'),
	isAdmin: boolean('is_admin').notNull().default(false),
	createdAt: instant('created_at').notNull().defaultNow()
});

/** Lucia-guide sessions: the id is the SHA-256 of the cookie token, so a leaked row cannot be replayed. */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: instant('expires_at').notNull(),
		createdAt: instant('created_at').notNull().defaultNow()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/**
 * One-time links to set a password (new members, resets). Only the token's hash is stored. A link is spent
 * when used, and ended (`usedAt` set too) when a newer link is made for the same person.
 */
export const passwordLinks = pgTable('password_links', {
	id: text('id').primaryKey(),
	userId: uuid('user_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	expiresAt: instant('expires_at').notNull(),
	usedAt: instant('used_at'),
	createdBy: uuid('created_by').references(() => users.id),
	createdAt: instant('created_at').notNull().defaultNow()
});

/** Attempts counted per key in a window: sign-ins ('account:<sha256 of the address>', 'address:<ip>') and reset requests ('reset-account:…', 'reset-address:…'). */
export const loginThrottle = pgTable('login_throttle', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull().default(0),
	windowStartedAt: instant('window_started_at').notNull(),
	lockedUntil: instant('locked_until')
});

/** A child subject to a Child Protection Plan. */
export const cases = pgTable('cases', {
	id: uuid('id').primaryKey().defaultRandom(),
	/** The local authority's case reference. */
	reference: text('reference').notNull(),
	childName: text('child_name').notNull(),
	childDateOfBirth: date('child_date_of_birth', { mode: 'string' }),
	preferredLanguage: text('preferred_language').notNull().default('English'),
	nation: nation('nation').notNull(),
	/** Date of the Initial Child Protection Conference that made the plan. */
	icpcDate: date('icpc_date', { mode: 'string' }).notNull(),
	createdAt: instant('created_at').notNull().defaultNow()
});

/** A person's place in one case's core group. Its id is the `member` used throughout the meeting document. */
export const memberships = pgTable(
	'memberships',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		caseId: uuid('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: memberRole('role').notNull(),
		/** e.g. "Children's Services", "Greenfield Primary School", "Health Visiting Team", or "Family". */
		agency: text('agency').notNull().default(''),
		/** Relationship to the child for family members ("Mother"), job title for professionals. */
		relationship: text('relationship').notNull().default(''),
		phone: text('phone').notNull().default(''),
		/** The language the person reads best, as a code ('en', 'cy', …): their copies and e-mails follow it. */
		language: text('language').notNull().default('en'),
		createdAt: instant('created_at').notNull().defaultNow(),
		/** Leaving the core group keeps the row: the record still names who signed or said what. */
		removedAt: instant('removed_at')
	},
	(t) => [uniqueIndex('memberships_case_user_idx').on(t.caseId, t.userId)]
);

export const meetings = pgTable(
	'meetings',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		// A case with meetings cannot be deleted: its meetings' evidence would go with it.
		caseId: uuid('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'restrict' }),
		scheduledFor: instant('scheduled_for').notNull(),
		place: text('place').notNull().default(''),
		status: meetingStatus('status').notNull().default('scheduled'),
		openedAt: instant('opened_at'),
		closedAt: instant('closed_at'),
		/** Local date (Europe/London) by which the minutes and plan must be circulated. */
		circulateBy: date('circulate_by', { mode: 'string' }),
		/** The plan hash when the meeting closed: what the circulated written agreement says. */
		finalPlanHash: text('final_plan_hash'),
		/** When the written record was sent to the core group (the first successful circulation). */
		circulatedAt: instant('circulated_at'),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: instant('created_at').notNull().defaultNow()
	},
	(t) => [index('meetings_case_idx').on(t.caseId, t.scheduledFor)]
);

/** The meeting a fact or record belongs to: a meeting with evidence cannot be deleted (DESIGN §4 rule 12). */
const meetingRef = () =>
	uuid('meeting_id')
		.notNull()
		.references(() => meetings.id, { onDelete: 'restrict' });
/** The core-group member a fact is about or by (memberships are never deleted, only marked removed). */
const memberRef = () =>
	uuid('member_id')
		.notNull()
		.references(() => memberships.id);

// ---- Server-owned facts of a meeting: rows here are the record; the live document mirrors them. ----

/**
 * Who attended, recorded by the chair or minute-taker. Appended, never changed: each change of a member's
 * status is a new row, and the latest row per member (highest `seq`) holds.
 */
export const attendance = pgTable(
	'attendance',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		meetingId: meetingRef(),
		memberId: memberRef(),
		status: attendanceStatus('status').notNull(),
		recordedBy: uuid('recorded_by').references(() => users.id),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [index('attendance_meeting_member_idx').on(t.meetingId, t.memberId, t.seq)]
);

/** A disagreement, recorded with its reason; how the plan reflects it is added later as its own row. */
export const disagreements = pgTable(
	'disagreements',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: meetingRef(),
		memberId: memberRef(),
		/** A plan item id or a section name. */
		about: text('about').notNull(),
		position: text('position').notNull(),
		reason: text('reason').notNull(),
		recordedBy: uuid('recorded_by').references(() => users.id),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [index('disagreements_meeting_idx').on(t.meetingId)]
);

/** How the plan reflects a disagreement (chair or lead social worker); appended, the latest row holds. */
export const disagreementReflections = pgTable(
	'disagreement_reflections',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		disagreementId: uuid('disagreement_id')
			.notNull()
			.references(() => disagreements.id, { onDelete: 'restrict' }),
		meetingId: meetingRef(),
		reflected: text('reflected').notNull(),
		/** Whether the plan accepted the member's position. */
		accepted: boolean('accepted').notNull(),
		reflectedBy: uuid('reflected_by').references(() => users.id),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [index('disagreement_reflections_idx').on(t.disagreementId, t.seq)]
);

/** Written views of a member who could not attend. */
export const writtenViews = pgTable(
	'written_views',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: meetingRef(),
		memberId: memberRef(),
		text: text('text').notNull(),
		/** 'account' when sent signed in, 'link' through a one-time link. */
		via: text('via').notNull(),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [index('written_views_meeting_idx').on(t.meetingId)]
);

/** One-time links to send written views without signing in. Only the token's hash is stored. */
export const viewLinks = pgTable('view_links', {
	id: text('id').primaryKey(),
	meetingId: meetingRef(),
	memberId: memberRef(),
	expiresAt: instant('expires_at').notNull(),
	usedAt: instant('used_at'),
	createdBy: uuid('created_by').references(() => users.id),
	createdAt: instant('created_at').notNull().defaultNow()
});

/** A signature of the plan as it stood (its hash) at the moment of signing. */
export const signatures = pgTable(
	'signatures',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: meetingRef(),
		memberId: memberRef(),
		planHash: text('plan_hash').notNull(),
		method: signatureMethod('method').notNull(),
		/** The drawn signature as an SVG or PNG data URL. */
		image: text('image'),
		typedName: text('typed_name'),
		/** The member who witnessed an in-person signature on their device. */
		witnessMemberId: uuid('witness_member_id').references(() => memberships.id),
		signedBy: uuid('signed_by')
			.notNull()
			.references(() => users.id),
		userAgent: text('user_agent'),
		/** "I agree to this plan" (true) or "I have read this plan and I do not agree" (false, with a reason). */
		agrees: boolean('agrees').notNull().default(true),
		reason: text('reason'),
		/** The member who explained the plan to the signer, if any. */
		explainedById: uuid('explained_by').references(() => memberships.id),
		/** Who interpreted, in which language; free text as the signer's side gave it. */
		interpreter: text('interpreter'),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [index('signatures_meeting_idx').on(t.meetingId)]
);

/**
 * Every version of the plan that a signature, a confirmation, a close or a written record refers to: its
 * canonical JSON under its hash, written once and never changed, so what anyone signed can be shown later.
 */
export const planVersions = pgTable(
	'plan_versions',
	{
		meetingId: meetingRef(),
		planHash: text('plan_hash').notNull(),
		/** The canonical JSON the hash was computed over, byte for byte. */
		plan: text('plan').notNull(),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.meetingId, t.planHash] })]
);

/** The chair pausing (and resuming) editing for everyone while signatures are collected; the latest row holds. */
export const editingPauses = pgTable(
	'editing_pauses',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: meetingRef(),
		paused: boolean('paused').notNull(),
		recordedBy: uuid('recorded_by')
			.notNull()
			.references(() => users.id),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [index('editing_pauses_meeting_idx').on(t.meetingId, t.at)]
);

/**
 * An agency's acceptance of its responsibilities confirmed by e-mail instead of a signature, recorded by
 * the lead social worker against the plan as it stood.
 */
export const agencyConfirmations = pgTable(
	'agency_confirmations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: meetingRef(),
		memberId: memberRef(),
		planHash: text('plan_hash').notNull(),
		/** When the e-mail was sent, as the e-mail says (a fact about the e-mail, not a record instant). */
		emailSentAt: text('email_sent_at').notNull(),
		emailText: text('email_text').notNull(),
		recordedBy: uuid('recorded_by')
			.notNull()
			.references(() => users.id),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [index('agency_confirmations_meeting_idx').on(t.meetingId)]
);

// ---- After the meeting: the written record and its circulation. ----

/** A generated written agreement and minutes (PDF), kept with its hash so later copies can be checked. */
export const writtenRecords = pgTable(
	'written_records',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: meetingRef(),
		/** sha256 hex of the PDF bytes. */
		sha256: text('sha256').notNull(),
		pdf: bytes('pdf').notNull(),
		planHash: text('plan_hash').notNull(),
		/** The audit chain's head when the record was made (its last row's sequence and hash): an anchor. */
		auditSeq: bigint('audit_seq', { mode: 'number' }),
		auditHash: text('audit_hash'),
		generatedBy: uuid('generated_by').references(() => users.id),
		generatedAt: instant('generated_at').notNull().defaultNow()
	},
	(t) => [index('written_records_meeting_idx').on(t.meetingId)]
);

/**
 * Circulating a written record to a member: recorded before anything is sent, in the same transaction as its
 * audit row and its e-mail in `mail_outbox`. Each member is sent a meeting's record once; a resend is a new row.
 */
export const circulations = pgTable(
	'circulations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: meetingRef(),
		recordId: uuid('record_id')
			.notNull()
			.references(() => writtenRecords.id, { onDelete: 'restrict' }),
		memberId: memberRef(),
		email: text('email').notNull(),
		/** The language of the e-mail, the member's ('en', 'cy', …). */
		language: text('language').notNull().default('en'),
		/** SHA-256 of the one-time receipt link's token; the token itself is only ever in the e-mail. */
		receiptTokenHash: text('receipt_token_hash').unique(),
		/** Whether this row is a resend someone asked for by name. */
		resend: boolean('resend').notNull().default(false),
		sentBy: uuid('sent_by').references(() => users.id),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [index('circulations_meeting_idx').on(t.meetingId, t.memberId)]
);

/** Each attempt to send a circulation's e-mail, and how it went (SMTP, or an .eml file in the outbox folder). */
export const circulationDeliveries = pgTable(
	'circulation_deliveries',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		circulationId: uuid('circulation_id')
			.notNull()
			.references(() => circulations.id, { onDelete: 'restrict' }),
		transport: text('transport').notNull(),
		/** The Message-ID, or the outbox file name; null when the attempt failed. */
		reference: text('reference'),
		/** Null when sent; the reason when this attempt failed. */
		error: text('error'),
		/** True on the last failed attempt: no more are made, someone has to send it another way. */
		gaveUp: boolean('gave_up').notNull().default(false),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [index('circulation_deliveries_idx').on(t.circulationId, t.seq)]
);

/** The member opened their e-mail's one-time receipt link: stamped once, at the server's time. */
export const circulationReceipts = pgTable('circulation_receipts', {
	circulationId: uuid('circulation_id')
		.primaryKey()
		.references(() => circulations.id, { onDelete: 'restrict' }),
	at: instant('at').notNull().defaultNow()
});

/**
 * E-mails waiting to be sent, written in the transaction that records why they are sent. A worker in the
 * server claims one at a time (a lease, so only one process sends it), sends it, and removes it once sent or
 * given up: the outcome is evidence in `circulation_deliveries`, this queue is not.
 */
export const mailOutbox = pgTable(
	'mail_outbox',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		circulationId: uuid('circulation_id')
			.notNull()
			.unique()
			.references(() => circulations.id, { onDelete: 'restrict' }),
		toName: text('to_name').notNull(),
		toAddress: text('to_address').notNull(),
		subject: text('subject').notNull(),
		text: text('text').notNull(),
		/** The PDF attached: the written record's bytes, read when sending. */
		attachmentName: text('attachment_name').notNull(),
		/** The copies sent with it, drawn when it was queued (the family's copy, the child's copy): name and base64 bytes. */
		copies: jsonb('copies').$type<{ filename: string; base64: string }[]>().notNull().default([]),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: instant('next_attempt_at').notNull().defaultNow(),
		/** A process sending it holds it until then; after a crash another takes it up. */
		claimedUntil: instant('claimed_until'),
		createdAt: instant('created_at').notNull().defaultNow()
	},
	(t) => [index('mail_outbox_due_idx').on(t.nextAttemptAt)]
);

/**
 * Meetings whose live room must be brought in line with the record: written with each fact, in its
 * transaction, and removed once the room mirrors it. The server retries what is left, also after a restart.
 */
export const mirrorJobs = pgTable(
	'mirror_jobs',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [index('mirror_jobs_meeting_idx').on(t.meetingId, t.seq)]
);

// ---- The authority's local policy. ----

/** Local timescales, editable by an administrator; one row (id 1). Defaults from the guidance. */
/** A fictional complaints contact until the authority sets its own (01632 960 is a range kept for drama). */
export const DEFAULT_COMPLAINTS_CONTACT =
	'Complaints Team, Children’s Services, Anytown Council, Civic Centre, Anytown AT1 1AA. Phone 01632 960 000. E-mail complaints@anytown-council.example';

export const authorityPolicy = pgTable('authority_policy', {
	id: integer('id').primaryKey(),
	firstMeetingWorkingDays: integer('first_meeting_working_days').notNull().default(10),
	meetingIntervalWeeks: integer('meeting_interval_weeks').notNull().default(6),
	circulationWorkingDays: integer('circulation_working_days').notNull().default(5),
	firstReviewMonths: integer('first_review_months').notNull().default(3),
	reviewIntervalMonths: integer('review_interval_months').notNull().default(6),
	/** The authority's conference-chair contact: escalations are copied to it. Empty: nobody beyond the case. */
	conferenceChairEmail: text('conference_chair_email').notNull().default(''),
	/** Where a family complains or makes representations: printed in the family's copy of every plan. */
	complaintsContact: text('complaints_contact')
		.notNull()
		.default(DEFAULT_COMPLAINTS_CONTACT),
	updatedBy: uuid('updated_by').references(() => users.id),
	updatedAt: instant('updated_at').notNull().defaultNow()
});

/** Days the authority is closed beyond bank holidays (e.g. a local closure day); not working days. */
export const closureDays = pgTable('closure_days', {
	day: date('day', { mode: 'string' }).primaryKey(),
	name: text('name').notNull(),
	createdBy: uuid('created_by').references(() => users.id),
	createdAt: instant('created_at').notNull().defaultNow()
});

/**
 * The meeting document's write-ahead log: every Yjs update the room accepted, in the order it was
 * applied, with who sent it and the server time. Kept in full — it is the evidence of who changed what.
 */
export const meetingUpdates = pgTable(
	'meeting_updates',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		meetingId: meetingRef(),
		/** The core-group member who sent it; null for the server's own writes (seeding, stamps). */
		memberId: uuid('member_id').references(() => memberships.id),
		userId: uuid('user_id').references(() => users.id),
		at: instant('at').notNull().defaultNow(),
		update: bytes('update').notNull()
	},
	(t) => [index('meeting_updates_meeting_idx').on(t.meetingId, t.seq)]
);

/** A compacted document state: every update of the meeting up to and including `upToSeq`, merged. */
export const meetingSnapshots = pgTable(
	'meeting_snapshots',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		meetingId: meetingRef(),
		upToSeq: bigint('up_to_seq', { mode: 'number' }).notNull(),
		state: bytes('state').notNull(),
		/**
		 * Who wrote under each Yjs client id in the log up to `upToSeq` (client id → member id, or 'server'), so
		 * a room rebuilds ownership from the snapshot plus the log after it. Null in snapshots made before it was
		 * kept: the room then reads ownership from the whole log.
		 */
		clientOwners: jsonb('client_owners').$type<Record<string, string>>(),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [index('meeting_snapshots_meeting_idx').on(t.meetingId, t.upToSeq)]
);

/**
 * Append-only: a trigger in the migrations refuses UPDATE and DELETE. Each row carries the hash of the
 * previous row, so any later alteration breaks the chain.
 */
export const auditLog = pgTable(
	'audit_log',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		at: instant('at').notNull().default(sql`now()`),
		actorUserId: uuid('actor_user_id'),
		action: text('action').notNull(),
		caseId: uuid('case_id'),
		meetingId: uuid('meeting_id'),
		detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
		prevHash: text('prev_hash').notNull(),
		hash: text('hash').notNull()
	},
	(t) => [index('audit_case_idx').on(t.caseId)]
);

export const usersRelations = relations(users, ({ many }) => ({
	memberships: many(memberships),
	sessions: many(sessions)
}));

export const casesRelations = relations(cases, ({ many }) => ({
	memberships: many(memberships),
	meetings: many(meetings)
}));

export const membershipsRelations = relations(memberships, ({ one }) => ({
	user: one(users, { fields: [memberships.userId], references: [users.id] }),
	case: one(cases, { fields: [memberships.caseId], references: [cases.id] })
}));

export const meetingsRelations = relations(meetings, ({ one }) => ({
	case: one(cases, { fields: [meetings.caseId], references: [cases.id] })
}));

export type User = typeof users.$inferSelect;
export type Case = typeof cases.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Meeting = typeof meetings.$inferSelect;
export type MemberRole = (typeof memberRole.enumValues)[number];
export type Nation = (typeof nation.enumValues)[number];

// ---- Between meetings: the plan at work. Progress, visits and escalations are evidence: appended, never
// changed; what holds now is read from the latest rows. ----

/** Progress on one action of the plan, recorded by its owner (or the lead social worker, or the chair). */
export const actionProgress = pgTable(
	'action_progress',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		caseId: uuid('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'restrict' }),
		/** The meeting whose plan holds the action when the progress was recorded. */
		meetingId: meetingRef(),
		/** The plan action's id (a UUID in the meeting document); it carries over to the next meeting's plan. */
		actionId: uuid('action_id').notNull(),
		memberId: memberRef(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id),
		status: text('status').notNull(),
		note: text('note').notNull().default(''),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [index('action_progress_case_idx').on(t.caseId, t.actionId, t.seq)]
);

/** A professional's home visit: whether the child was seen. */
export const homeVisits = pgTable(
	'home_visits',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		caseId: uuid('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'restrict' }),
		memberId: memberRef(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id),
		childSeen: boolean('child_seen').notNull(),
		note: text('note').notNull().default(''),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [index('home_visits_case_idx').on(t.caseId, t.seq)]
);

/**
 * A difficulty with the plan reported to the lead social worker and the chair. `raisedBy` is null when the
 * server raised it by rule (two visits without seeing the child; an outcome not achieved by its date);
 * `triggerKey` makes such a rule raise it once, whichever process sees it first.
 */
export const escalations = pgTable(
	'escalations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		caseId: uuid('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'restrict' }),
		kind: text('kind').notNull(),
		details: text('details').notNull(),
		raisedBy: uuid('raised_by').references(() => memberships.id),
		raisedByUser: uuid('raised_by_user').references(() => users.id),
		triggerKey: text('trigger_key').unique(),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [index('escalations_case_idx').on(t.caseId, t.at)]
);

/** The lead social worker's acknowledgement of an escalation, with what was decided. One per escalation. */
export const escalationAcknowledgements = pgTable('escalation_acknowledgements', {
	escalationId: uuid('escalation_id')
		.primaryKey()
		.references(() => escalations.id, { onDelete: 'restrict' }),
	memberId: memberRef(),
	userId: uuid('user_id')
		.notNull()
		.references(() => users.id),
	decision: text('decision').notNull(),
	note: text('note').notNull().default(''),
	at: instant('at').notNull().defaultNow()
});

/** A scheduled meeting moved to another date, with the reason: the meeting row holds the new date. */
export const meetingReschedules = pgTable(
	'meeting_reschedules',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		meetingId: meetingRef(),
		fromScheduledFor: instant('from_scheduled_for').notNull(),
		toScheduledFor: instant('to_scheduled_for').notNull(),
		reason: text('reason').notNull(),
		memberId: uuid('member_id').references(() => memberships.id),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id),
		at: instant('at').notNull().defaultNow()
	},
	(t) => [index('meeting_reschedules_meeting_idx').on(t.meetingId, t.seq)]
);

/**
 * E-mails about the plan between meetings (escalations, reschedules, reminders). `key` names what the e-mail
 * is for and to whom: a second process wanting to send the same one inserts nothing, so it is sent once.
 * Working state like `mail_outbox`: sent once it has `sentAt`; a failure is tried again by the scheduler.
 */
export const notices = pgTable(
	'notices',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		key: text('key').notNull().unique(),
		caseId: uuid('case_id').references(() => cases.id, { onDelete: 'restrict' }),
		/** The account it is for; null for an address from the local policy (the conference chair's). */
		toUserId: uuid('to_user_id').references(() => users.id),
		toName: text('to_name').notNull(),
		toAddress: text('to_address').notNull(),
		subject: text('subject').notNull(),
		text: text('text').notNull(),
		attempts: integer('attempts').notNull().default(0),
		claimedUntil: instant('claimed_until'),
		sentAt: instant('sent_at'),
		lastError: text('last_error'),
		createdAt: instant('created_at').notNull().defaultNow()
	},
	(t) => [index('notices_unsent_idx').on(t.sentAt, t.createdAt)]
);

/** People who asked not to be sent reminders (escalations still reach whoever must act on them). */
export const reminderOptOuts = pgTable('reminder_opt_outs', {
	userId: uuid('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	at: instant('at').notNull().defaultNow()
});

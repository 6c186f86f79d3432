// Plain-JSON shapes of the meeting document, exactly as Y's toJSON() renders each root (DESIGN §3).
import type {
	ActionStatus,
	AttendanceStatus,
	MeetingStatus,
	SignatureMethod
} from './roots';

/** A calendar date 'YYYY-MM-DD'. */
export type IsoDate = string;

export interface NeedJson {
	id: string;
	text: string;
}
export interface OutcomeJson {
	id: string;
	text: string;
	measure: string;
	by: IsoDate | null;
}
export interface ActionJson {
	id: string;
	what: string;
	why: string;
	owner: string | null;
	due: IsoDate | null;
	outcome: string | null;
	contact: string;
	status: ActionStatus;
}
export interface PlanJson {
	concerns: string;
	needs: NeedJson[];
	outcomes: OutcomeJson[];
	actions: ActionJson[];
	nonNegotiables: string;
	contingency: string;
	review: string;
	childViews: string;
	familyViews: string;
}
export interface MinutesJson {
	progress: string;
	notes: string;
}
export interface MeetingJson {
	status: MeetingStatus;
	openedAt: string | null;
	closedAt: string | null;
	circulateBy: IsoDate | null;
	region: string | null;
	finalPlanHash: string | null;
	/** True while the chair has paused editing the plan so that it can be signed; null or false otherwise. */
	editingPaused: boolean | null;
}
export type AttendanceJson = Record<string, AttendanceStatus>;
export interface DisagreementJson {
	id: string;
	member: string;
	about: string;
	position: string;
	reason: string;
	reflected: string | null;
	/** Whether the plan accepted the position; null until recorded. When a family member's is not, they are told how to complain. */
	accepted: boolean | null;
	at: string;
}
export interface ViewJson {
	id: string;
	member: string;
	text: string;
	at: string;
}
export interface SignatureJson {
	id: string;
	member: string;
	planHash: string;
	method: SignatureMethod;
	witness: string | null;
	// What the signer meant (DESIGN §5). Optional only in the type: a document mirrored before these were
	// recorded gains them at its next mirror, and the API always gives them from the record.
	/** "I agree to this plan" (true) or "I have read this plan and I do not agree" (false, with `reason`). */
	agrees?: boolean;
	reason?: string | null;
	/** The member who explained the plan to the signer. */
	explainedBy?: string | null;
	/** Who interpreted, in which language. */
	interpreter?: string | null;
	at: string;
}

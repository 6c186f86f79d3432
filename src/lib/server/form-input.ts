// What a form or a JSON body sends, read at the boundary (DESIGN §4 rule 11): a body of the wrong kind, a
// multipart form without its boundary, text with NUL bytes or broken characters, or a field past its length
// is a 4xx saying what to do next — never a 500, and nothing is stored. Each action names its fields as a
// valibot object of `text` fields; the domain code behind it keeps its own checks and messages.
import * as v from 'valibot';
import type { Locale } from '../i18n/locale';
import { m } from '../paraglide/messages.js';

export type InputRefusal = { ok: false; status: 400 | 413 | 415; message: string };
export type Input<T> = { ok: true; value: T } | InputRefusal;

const refuse = (status: InputRefusal['status'], message: string): InputRefusal => ({ ok: false, status, message });

/** Labels of form fields as the person reads them, by their English wording (the field names its label in English). */
const LABELS: Readonly<Record<string, () => string>> = {
	"Accepted": m.answers_label_accepted,
	"Attendance": m.answers_label_attendance,
	"How the plan reflects it": m.answers_label_how_the_plan_reflects_it,
	"How you sign": m.answers_label_how_you_sign,
	"Moving it past its due date": m.answers_label_moving_it_past_its_due_date,
	"The action": m.answers_label_the_action,
	"The agency": m.answers_label_the_agency,
	"The case reference": m.answers_label_the_case_reference,
	"The child’s name": m.answers_label_the_childs_name,
	"The closure date": m.answers_label_the_closure_date,
	"The conference chair’s e-mail address": m.answers_label_the_conference_chairs_e_mail_address,
	"The date": m.answers_label_the_date,
	"The date of birth": m.answers_label_the_date_of_birth,
	"The date of the ICPC": m.answers_label_the_date_of_the_icpc,
	"The disagreement": m.answers_label_the_disagreement,
	"The e-mail address": m.answers_label_the_e_mail_address,
	"The e-mail text": m.answers_label_the_e_mail_text,
	"The escalation": m.answers_label_the_escalation,
	"The in-person link box": m.answers_label_the_in_person_link_box,
	"The interpreter": m.answers_label_the_interpreter,
	"The language": m.answers_label_the_language,
	"The meeting": m.answers_label_the_meeting,
	"The member": m.answers_label_the_member,
	"The members to send it to again": m.answers_label_the_members_to_send_it_to_again,
	"The name": m.answers_label_the_name,
	"The nation": m.answers_label_the_nation,
	"The new date and time": m.answers_label_the_new_date_and_time,
	"The new password": m.answers_label_the_new_password,
	"The note": m.answers_label_the_note,
	"The password": m.answers_label_the_password,
	"The password typed again": m.answers_label_the_password_typed_again,
	"The phone number": m.answers_label_the_phone_number,
	"The place": m.answers_label_the_place,
	"The position": m.answers_label_the_position,
	"The preferred language": m.answers_label_the_preferred_language,
	"The reason": m.answers_label_the_reason,
	"The relationship to the child": m.answers_label_the_relationship_to_the_child,
	"The role": m.answers_label_the_role,
	"The signature": m.answers_label_the_signature,
	"The start time": m.answers_label_the_start_time,
	"The status": m.answers_label_the_status,
	"The version of the plan": m.answers_label_the_version_of_the_plan,
	"What has happened": m.answers_label_what_has_happened,
	"What it is": m.answers_label_what_it_is,
	"What it is about": m.answers_label_what_it_is_about,
	"What the closure is": m.answers_label_what_the_closure_is,
	"What was decided": m.answers_label_what_was_decided,
	"When the e-mail was sent": m.answers_label_when_the_e_mail_was_sent,
	"Whether the child was seen": m.answers_label_whether_the_child_was_seen,
	"Whether you agree": m.answers_label_whether_you_agree,
	"Whether you want reminders": m.answers_label_whether_you_want_reminders,
	"Why the meeting opens on another day": m.answers_label_why_the_meeting_opens_on_another_day,
	"Why you do not agree": m.answers_label_why_you_do_not_agree,
	"Your name": m.answers_label_your_name,
	"Your views": m.answers_label_your_views
};

/** A field's label in the request's language; one not in the catalogues as given. */
const shownLabel = (label: string): string => (Object.hasOwn(LABELS, label) ? LABELS[label]() : label);

/**
 * A text field: absent is empty; a file, a NUL byte, a lone surrogate or a replacement character (what text
 * sent in another encoding than UTF-8 turns into) is refused, as is anything past `max` characters.
 * `label` names the field to the person, e.g. 'Your name'. The refusals are worded when given, in the
 * request's language.
 */
export function text(label: string, max: number) {
	return v.pipe(
		v.optional(v.string(() => m.answers_field_not_text({ label: shownLabel(label) })), ''),
		v.check((value) => !value.includes('\0'), () => m.answers_field_nul({ label: shownLabel(label) })),
		v.check(
			(value) => value.isWellFormed() && !value.includes('\uFFFD'),
			() => m.answers_field_broken({ label: shownLabel(label) })
		),
		v.maxLength(max, () => m.answers_field_too_long({ label: shownLabel(label), max: max.toLocaleString('en-GB') }))
	);
}

export type FieldsSchema = v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>;

const FORM = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;
/** Asked for a web form and sent something else: in `locale`, else the request's language. */
export const sendAForm = (locale?: Locale) => m.answers_send_a_form({}, locale ? { locale } : {});
/** A body past adapter-node's BODY_SIZE_LIMIT (512 KiB unless set): in `locale`, else the request's language. */
export const tooLarge = (locale?: Locale) => m.answers_too_large({}, locale ? { locale } : {});

/** The request's form, or why it cannot be read: a 415 for another kind of body, a 400 for a damaged one. */
export async function readForm(request: Request): Promise<{ ok: true; form: FormData } | InputRefusal> {
	const type = request.headers.get('content-type') ?? '';
	const kind = FORM.exec(type)?.[1].toLowerCase();
	if (!kind) return refuse(415, sendAForm());
	if (kind === 'multipart/form-data' && !/;\s*boundary=("[^"]+"|[^\s;]+)/i.test(type)) {
		return refuse(400, m.answers_form_no_boundary());
	}
	try {
		return { ok: true, form: await request.formData() };
	} catch (error) {
		if (statusOf(error) === 413) return refuse(413, tooLarge());
		// undici throws for a multipart body that does not match its boundary, or is cut short.
		return refuse(400, m.answers_form_damaged());
	}
}

/** The status SvelteKit's body reader gave its error (413 past the size limit), through undici's wrapping. */
function statusOf(error: unknown): number | undefined {
	for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
		const status = (e as { status?: unknown }).status;
		if (typeof status === 'number') return status;
	}
	return undefined;
}

/**
 * The form's fields, checked against `schema`: the first value of each name, as `FormData.get` gives, except
 * for the `repeated` names (a list, e.g. several members ticked), whose text values are joined with commas.
 */
export async function formInput<S extends FieldsSchema>(request: Request, schema: S, repeated: readonly string[] = []): Promise<Input<v.InferOutput<S>>> {
	const read = await readForm(request);
	if (!read.ok) return read;
	const fields: Record<string, FormDataEntryValue> = Object.create(null);
	for (const [name, value] of read.form) if (!(name in fields)) fields[name] = value;
	for (const name of repeated) {
		const values = read.form.getAll(name);
		if (values.length > 1) fields[name] = values.every((value) => typeof value === 'string') ? values.join(',') : values[0];
	}
	return checked(schema, fields);
}

/**
 * A JSON body checked against `schema`: 415 for another content type, 400 for JSON that cannot be read. Its
 * own refusals are in English, for the programs that send JSON.
 */
export async function jsonInput<S extends v.GenericSchema>(request: Request, schema: S): Promise<Input<v.InferOutput<S>>> {
	if (!/^\s*application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) {
		return refuse(415, 'Send this as JSON, with the header Content-Type: application/json.');
	}
	let body: unknown;
	try {
		body = await request.json();
	} catch (error) {
		if (statusOf(error) === 413) return refuse(413, tooLarge('en'));
		return refuse(400, 'The body is not valid JSON (or not UTF-8). Check it and send it again.');
	}
	return checked(schema, body);
}

function checked<S extends v.GenericSchema>(schema: S, input: unknown): Input<v.InferOutput<S>> {
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, value: result.output };
	return refuse(400, result.issues[0].message);
}

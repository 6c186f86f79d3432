// What a form or a JSON body sends, read at the boundary (DESIGN §4 rule 11): a body of the wrong kind, a
// multipart form without its boundary, text with NUL bytes or broken characters, or a field past its length
// is a 4xx saying what to do next — never a 500, and nothing is stored. Each action names its fields as a
// valibot object of `text` fields; the domain code behind it keeps its own checks and messages.
import * as v from 'valibot';

export type InputRefusal = { ok: false; status: 400 | 413 | 415; message: string };
export type Input<T> = { ok: true; value: T } | InputRefusal;

const refuse = (status: InputRefusal['status'], message: string): InputRefusal => ({ ok: false, status, message });

/**
 * A text field: absent is empty; a file, a NUL byte, a lone surrogate or a replacement character (what text
 * sent in another encoding than UTF-8 turns into) is refused, as is anything past `max` characters.
 * `label` names the field to the person, e.g. 'Your name'.
 */
export function text(label: string, max: number) {
	return v.pipe(
		v.optional(v.string(`${label}: type it as text, not a file.`), ''),
		v.check((value) => !value.includes('\0'), `${label} contains a character that cannot be stored (a NUL byte). Remove it and send again.`),
		v.check(
			(value) => value.isWellFormed() && !value.includes('\uFFFD'),
			`${label} contains characters that did not arrive intact (send the form as UTF-8). Retype them and send again.`
		),
		v.maxLength(max, `${label} is too long: keep it under ${max.toLocaleString('en-GB')} characters.`)
	);
}

export type FieldsSchema = v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>;

const FORM = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;
export const SEND_A_FORM = 'Send this as a web form (application/x-www-form-urlencoded or multipart/form-data), as the page does.';
/** A body past adapter-node's BODY_SIZE_LIMIT (512 KiB unless set). */
export const TOO_LARGE = 'What was sent is too large to take in one go. Shorten it — or clear a drawing and draw it again — and send it again.';

/** The request's form, or why it cannot be read: a 415 for another kind of body, a 400 for a damaged one. */
export async function readForm(request: Request): Promise<{ ok: true; form: FormData } | InputRefusal> {
	const type = request.headers.get('content-type') ?? '';
	const kind = FORM.exec(type)?.[1].toLowerCase();
	if (!kind) return refuse(415, SEND_A_FORM);
	if (kind === 'multipart/form-data' && !/;\s*boundary=("[^"]+"|[^\s;]+)/i.test(type)) {
		return refuse(400, 'The form arrived without its multipart boundary, so it cannot be read. Reload the page and send it again.');
	}
	try {
		return { ok: true, form: await request.formData() };
	} catch (error) {
		if (statusOf(error) === 413) return refuse(413, TOO_LARGE);
		// undici throws for a multipart body that does not match its boundary, or is cut short.
		return refuse(400, 'The form arrived damaged and could not be read. Reload the page and send it again.');
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

/** A JSON body checked against `schema`: 415 for another content type, 400 for JSON that cannot be read. */
export async function jsonInput<S extends v.GenericSchema>(request: Request, schema: S): Promise<Input<v.InferOutput<S>>> {
	if (!/^\s*application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) {
		return refuse(415, 'Send this as JSON, with the header Content-Type: application/json.');
	}
	let body: unknown;
	try {
		body = await request.json();
	} catch (error) {
		if (statusOf(error) === 413) return refuse(413, TOO_LARGE);
		return refuse(400, 'The body is not valid JSON (or not UTF-8). Check it and send it again.');
	}
	return checked(schema, body);
}

function checked<S extends v.GenericSchema>(schema: S, input: unknown): Input<v.InferOutput<S>> {
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, value: result.output };
	return refuse(400, result.issues[0].message);
}

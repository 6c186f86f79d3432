// The state of one enhanced form posting to a meeting action: whether it is being sent, and what the server
// answered, in words for the live region beside the form. A refusal keeps what the person typed: the form is
// reset only when the action succeeded (and only if asked).
import { applyAction } from '$app/forms';
import type { SubmitFunction } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';

export interface ActionAnswer {
	kind: 'done' | 'refused';
	message: string;
}

export interface ActionFormOptions {
	/** Words for success, from the action's answer (`{ action, ok, ... }`). */
	done: (answer: Record<string, unknown>) => string;
	/**
	 * Checks or completes the form just before it is sent (e.g. adds the drawn signature). A message refuses
	 * it without a round trip; the server checks everything again and decides.
	 */
	prepare?: (form: FormData) => string | null;
	/** Called with the data of a refusal (4xx), e.g. the version of the plan a 409 says is current. */
	onRefused?: (answer: Record<string, unknown>) => void;
	/** Called with the action's answer after success, before the form is reset. */
	onDone?: (answer: Record<string, unknown>) => void;
	/** Called after success once the page has taken the answer in: the place to move focus. */
	onSettled?: (answer: Record<string, unknown>) => void;
	/** Clear the form's fields after success. */
	reset?: boolean;
	/** Re-run the page's load after success: for facts that the live document does not hold. */
	reload?: boolean;
	/**
	 * Let the success notice go after this long: for actions repeated many times in a row (an attendance mark
	 * each), whose "Saved" boxes would otherwise pile up. It has been announced by then; refusals always stay.
	 */
	fadeAfterMs?: number;
}

// Looked up when said, in the page's language.
const SERVER_TROUBLE = () => m.pages_form_server_trouble();
const NO_CONNECTION = () => m.pages_form_no_connection();

export class ActionForm {
	pending = $state(false);
	answer = $state<ActionAnswer | null>(null);
	readonly #options: ActionFormOptions;

	constructor(options: ActionFormOptions) {
		this.#options = options;
	}

	/** Say something in this form's live region without sending anything (a refusal found on the page). */
	refuse(message: string): void {
		this.answer = { kind: 'refused', message };
	}

	clear(): void {
		this.answer = null;
	}

	/** For `use:enhance={form.submit}`. */
	submit: SubmitFunction = ({ formData, cancel }) => {
		const problem = this.#options.prepare?.(formData) ?? null;
		if (problem) {
			this.refuse(problem);
			cancel();
			return;
		}
		this.pending = true;
		this.answer = null;
		return async ({ result, update }) => {
			this.pending = false;
			if (result.type === 'success') {
				const data = result.data ?? {};
				this.answer = { kind: 'done', message: this.#options.done(data) };
				// Read back: the state holds its own proxy of the object, and only that compares equal later.
				const shown = this.answer;
				const { fadeAfterMs } = this.#options;
				if (fadeAfterMs !== undefined) setTimeout(() => this.answer === shown && (this.answer = null), fadeAfterMs);
				this.#options.onDone?.(data);
				await update({ reset: this.#options.reset ?? false, invalidateAll: this.#options.reload ?? false });
				this.#options.onSettled?.(data);
			} else if (result.type === 'failure') {
				const message = result.data?.message;
				this.refuse(typeof message === 'string' ? message : SERVER_TROUBLE());
				this.#options.onRefused?.(result.data ?? {});
			} else if (result.type === 'error') {
				this.refuse(result.status === undefined ? NO_CONNECTION() : SERVER_TROUBLE());
			} else {
				await applyAction(result);
			}
		};
	};
}

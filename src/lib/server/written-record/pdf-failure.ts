// Why a written record's PDF could not be made, in words that name nothing from the record: an error thrown
// while drawing may quote the text or picture it choked on, so only its kind, Node's code for it and the place
// it was thrown are kept. The worker process summarises its errors so: only the summary reaches the server.

/** "TypeError at pdf-layout.ts:88", "Error ERR_MODULE_NOT_FOUND". */
export function failureSummary(error: unknown): string {
	if (!(error instanceof Error)) return typeof error;
	const { code } = error as { code?: unknown };
	const kind = typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? `${error.name} ${code}` : error.name;
	// The first frame of the stack, not its message.
	const firstFrame = error.stack?.split('\n').find((line) => /^\s+at /.test(line));
	const place = firstFrame && /([^\s()/]+\.[cm]?[jt]s):(\d+):\d+\)?$/.exec(firstFrame);
	return place ? `${kind} at ${place[1]}:${place[2]}` : kind;
}

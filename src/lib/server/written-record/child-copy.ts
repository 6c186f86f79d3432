// The copy of the plan written for the child, in the spirit of "words and pictures": their own words first,
// the grown-ups who help them and what they will do, what happens next — in very simple sentences, its opening
// pitched to the child's age. Every fixed word from messages/<locale>/copies.json. Pure.
import { formatDay } from '../../format';
import { htmlLang, type Locale } from '../../i18n/locale';
import { m } from '../../paraglide/messages.js';
import { ageOn, quotes, sentencesOf, startCopy, whoTheyAre, type CopyDocument, type CopySource } from './copies';

/** Words for a young child (under 8), a child (8 to 12) or a young person (13 and over). */
export type AgeBand = 'young' | 'middle' | 'older';
export const ageBand = (age: number | null): AgeBand => (age === null ? 'middle' : age < 8 ? 'young' : age < 13 ? 'middle' : 'older');

/** The child's copy: their own words first, the grown-ups who help, what they will do, what happens next. */
export function shapeChildCopy(source: CopySource, locale: Locale): CopyDocument {
	const o = { locale };
	const { plan, child, current, byId, lead, day, sections, section } = startCopy(source);
	const lsw = lead ? m.child_lsw_named({ name: lead.name }, o) : m.child_lsw_unnamed({}, o);
	const band = ageBand(ageOn(source.case.childDateOfBirth, day));
	// Every copy for a child is read as words and pictures: one idea a line, a picture for each part.
	const easyRead = true;


	const intro = { young: m.child_intro_young({}, o), middle: m.child_intro_middle({ date: formatDay(day, locale) }, o), older: m.child_intro_older({ date: formatDay(day, locale) }, o) }[band];
	// The child's own words open the copy; what the meeting was follows them.
	section('words', 'views', m.child_words_heading({}, o), [
		plan.childViews.trim() ? [...quotes(plan.childViews, easyRead), { text: m.child_words_intro({}, o) }] : [{ text: m.child_words_empty({ lsw }, o) }],
		[...sentencesOf(intro, true).map((text) => ({ text })), ...(band === 'young' ? [] : [{ text: m.child_intro_ask({}, o) }])]
	]);

	const grownUps = current.filter((x) => x.role !== 'child' && x.role !== 'observer' && x.role !== 'minute-taker');
	section('people', 'others', m.child_people_heading({}, o), [
		[{ text: m.child_people_intro({}, o) }],
		...grownUps.map((x) => [{ key: `${x.name}:`, text: whoTheyAre(x, locale) }])
	]);

	section('safe', 'safe', m.child_safe_heading({}, o), [
		[{ text: plan.actions.length ? m.child_safe_intro({}, o) : m.child_safe_empty({ lsw }, o) }],
		...plan.actions
			.filter((a) => a.what.trim())
			.map((a) => {
				const owner = a.owner ? byId.get(a.owner) : undefined;
				return [{ ...(owner ? { key: `${owner.name}:` } : {}), text: a.what.trim(), quote: true }];
			})
	]);

	const next = source.nextMeeting;
	section('next', 'next', m.child_next_heading({}, o), [
		[
			...sentencesOf(m.child_next_visit({ lsw }, o), true).map((text) => ({ text })),
			...(next ? [{ text: (next.fixed ? m.child_next_date : m.child_next_due)({ date: formatDay(next.date, locale) }, o), strong: true }] : []),
			...sentencesOf(m.child_next_ask({}, o), true).map((text) => ({ text })),
			{ text: m.child_worried({}, o), strong: true }
		]
	]);

	return {
		kind: 'child',
		locale,
		lang: htmlLang(locale),
		easyRead,
		title: m.child_title({ child }, o),
		childName: child,
		reference: source.case.reference,
		meetingDate: day,
		intro: [],
		sections,
		footer: m.copy_footer_confidential({ child }, o)
	};
}

// The letter confirming a moved meeting, in the member's language (English or Welsh). Names the case by its
// reference, not the child: an address can be mistyped, and the child is seen only after signing in. Pure.
const welshDays = ['Dydd Sul', 'Dydd Llun', 'Dydd Mawrth', 'Dydd Mercher', 'Dydd Iau', 'Dydd Gwener', 'Dydd Sadwrn'];
const welshMonths = ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'];

const londonParts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit' });

/** An instant in UK time, in Welsh words: "Dydd Llun 11 Ionawr 2027, 10:00". */
export function welshInstant(at: Date): string {
	const p = Object.fromEntries(londonParts.formatToParts(at).map((x) => [x.type, x.value]));
	const day = new Date(Date.UTC(+p.year, +p.month - 1, +p.day)).getUTCDay();
	return `${welshDays[day]} ${+p.day} ${welshMonths[+p.month - 1]} ${p.year}, ${p.hour}:${p.minute}`;
}

export interface RescheduleLetter {
	name: string;
	reference: string;
	from: { en: string; cy: string };
	to: { en: string; cy: string };
	place: string;
	reason: string;
	by: string;
	link: string;
}

export function rescheduleMessage(language: string, l: RescheduleLetter): { subject: string; text: string } {
	if (language === 'cy') {
		return {
			subject: `Mae cyfarfod y grŵp craidd wedi'i symud: ${l.to.cy}`,
			text: [
				`Annwyl ${l.name},`,
				`Mae cyfarfod y grŵp craidd (achos ${l.reference}) a oedd i fod ar ${l.from.cy} wedi'i symud i ${l.to.cy}${l.place ? `, yn ${l.place}` : ''}.`,
				`Y rheswm: ${l.reason}`,
				`Mae ${l.by} yn cadarnhau hyn yn ysgrifenedig. Os na allwch ddod, anfonwch eich barn ysgrifenedig cyn y cyfarfod: ${l.link}`,
				'Core Group'
			].join('\n\n') + '\n'
		};
	}
	return {
		subject: `Core group meeting moved to ${l.to.en}`,
		text: [
			`Dear ${l.name},`,
			`The core group meeting (case ${l.reference}) that was to be held on ${l.from.en} has been moved to ${l.to.en}${l.place ? `, at ${l.place}` : ''}.`,
			`The reason: ${l.reason}`,
			`${l.by} confirms this in writing. If you cannot come, send your written views before the meeting: ${l.link}`,
			'Core Group'
		].join('\n\n') + '\n'
	};
}

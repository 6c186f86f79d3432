// Public API of the working-day calendar: bank holidays, working-day arithmetic and statutory timescales.
export { bankHolidays, bankHolidayOn, isNation, nations, type BankHoliday, type Nation } from './holidays';
export { addDays, addMonths, addWeeks, formatDate } from './dates';
export { addWorkingDays, isWorkingDay, londonDate, workingDaysBetween } from './working-days';
export {
	circulateBy,
	defaultPolicy,
	describeDue,
	firstMeetingDueBy,
	nextMeetingDueBy,
	reviewConferenceDue,
	type DueDescription,
	type TimescalePolicy
} from './timescales';

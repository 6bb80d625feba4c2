/**
 * Local time-expression understanding: English text in, precise times out, offline.
 *
 *   resolveTimes("lunch tomorrow at noon", { now: new Date(), zone: "Europe/Berlin" })
 *     -> [{ span, text: "tomorrow at noon", kind: "value", start: "...T12:00:00.000+01:00", grain: "hour", ... }]
 *   analyzeTimes(text, ref) -> { times, durations, recurrences, reminders }
 *
 * Zones: IANA names or fixed offsets ("-02:00", "UTC-2"). Spans index the ORIGINAL text
 * (number words are normalised internally with an offset map, see ../text).
 */
export { resolveTimes, resolveParsed, type ResolveOptions, type TimeKind, type TimeMatch, type TimeRef } from './resolve';
export { analyzeTimes, type TimeAnalysis } from './analyze';
export { findDurations, durationMinutes, type DurationMatch } from './durations';
export { findRecurrences, type Freq, type RecurrenceMatch } from './recurrence';
export { findReminderOffsets, type ReminderMatch } from './reminders';
export { partOfDayRange, PARTS_OF_DAY, type HourRange, type PartOfDayName } from './parts-of-day';
export { parseText, type ParsedText } from './parse-text';
export { parseZone, isValidZone, type TimeZone } from './zone';
export type { Grain } from './grain';

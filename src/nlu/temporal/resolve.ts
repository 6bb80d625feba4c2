import { DateTime } from 'luxon';
import type { SlotValue, When } from '../command';
import { PART_OF_DAY_HOURS } from '../lexicon/calendar-words';
import type { TemporalMeaning } from './types';

/**
 * Places time phrases on the calendar, in the user's zone: luxon does the date arithmetic, so
 * "tomorrow at 9" stays 09:00 local across a DST change.
 */

type DateValue = Extract<SlotValue, { kind: 'date' }>;

const DAY_MINUTES = 1_440;

/** The value a single time phrase resolves to, when it resolves to something on its own. */
export function valueOf(meaning: TemporalMeaning, now: DateTime): SlotValue | undefined {
  switch (meaning.kind) {
    case 'relative_day':
    case 'weekday':
    case 'calendar_date':
    case 'month':
    case 'period':
    case 'coming_days':
    case 'rest_of':
      return dateValue(meaning, now);
    case 'clock':
      return { kind: 'time', time: hhmm(hour24(meaning), meaning.minute) };
    case 'part_of_day': {
      const [from, to] = PART_OF_DAY_HOURS[meaning.part];
      return { kind: 'time_of_day', part: meaning.part, from: hhmm(from, 0), to: hhmm(to % 24, 0) };
    }
    case 'duration':
      return { kind: 'duration', minutes: meaning.minutes };
    case 'from_now': {
      const at = now.plus({ minutes: meaning.minutes });
      return { kind: 'time', time: at.toFormat('HH:mm'), dateTime: iso(at) };
    }
    case 'offset':
      return { kind: 'reminder_offset', minutes: meaning.minutes, direction: meaning.direction };
    case 'recurrence':
      return { kind: 'recurrence', rrule: meaning.rule };
  }
}

function dateValue(meaning: TemporalMeaning, now: DateTime): DateValue | undefined {
  const today = now.startOf('day');
  const day = (d: DateTime): DateValue => ({ kind: 'date', start: d.toISODate() ?? '', end: d.plus({ days: 1 }).toISODate() ?? '', grain: 'day' });
  switch (meaning.kind) {
    case 'relative_day':
      return day(today.plus({ days: meaning.days }));
    case 'weekday':
      return day(weekdayDate(meaning.weekday, meaning.shift, today));
    case 'calendar_date': {
      const date = calendarDate(meaning, today);
      return date ? day(date) : undefined;
    }
    case 'month': {
      let start = today.set({ month: meaning.month, day: 1 });
      if (meaning.year !== undefined) start = start.set({ year: meaning.year });
      else if (meaning.monthShift !== undefined) start = today.startOf('year').plus({ years: meaning.monthShift }).set({ month: meaning.month });
      else if (meaning.month < today.month) start = start.plus({ years: 1 });
      return range(start, start.plus({ months: 1 }), 'month');
    }
    case 'period': {
      if (meaning.unit === 'weekend') {
        const saturday = today.startOf('week').plus({ weeks: meaning.shift, days: 5 });
        return range(saturday, saturday.plus({ days: 2 }), 'weekend');
      }
      const start = today.startOf(meaning.unit).plus({ [`${meaning.unit}s`]: meaning.shift });
      return range(start, start.plus({ [`${meaning.unit}s`]: 1 }), meaning.unit);
    }
    case 'coming_days':
      return range(today, today.plus({ days: meaning.days }), meaning.days % 7 === 0 ? 'week' : 'day');
    case 'rest_of':
      return range(today, today.endOf(meaning.unit).plus({ days: 1 }).startOf('day'), meaning.unit === 'day' ? 'day' : meaning.unit);
    default:
      return undefined;
  }
}

function range(start: DateTime, end: DateTime, grain: DateValue['grain']): DateValue {
  return { kind: 'date', start: start.toISODate() ?? '', end: end.toISODate() ?? '', grain };
}

/**
 * "friday" and "this friday": the coming one (today counts); "next friday": the one in next
 * week; "last friday": the most recent one before today.
 */
function weekdayDate(weekday: number, shift: Extract<TemporalMeaning, { kind: 'weekday' }>['shift'], today: DateTime): DateTime {
  const ahead = (weekday - today.weekday + 7) % 7;
  switch (shift) {
    case 'none':
    case 'this':
      return today.plus({ days: ahead });
    case 'next':
    case 'next_week':
      return today.startOf('week').plus({ weeks: 1, days: weekday - 1 });
    case 'this_week':
      return today.startOf('week').plus({ days: weekday - 1 });
    case 'last':
      return today.minus({ days: ((today.weekday - weekday + 6) % 7) + 1 });
  }
}

/** A day of a month; without a year the next such day from today on. */
function calendarDate(meaning: Extract<TemporalMeaning, { kind: 'calendar_date' }>, today: DateTime): DateTime | undefined {
  if (meaning.month === undefined) {
    const base = today.startOf('month').plus({ months: meaning.monthShift ?? 0 });
    let date = base.set({ day: meaning.day });
    if (date.month !== base.month) return undefined;
    if (meaning.monthShift === undefined && date < today) date = base.plus({ months: 1 }).set({ day: meaning.day });
    return date.day === meaning.day ? date : undefined;
  }
  const year = meaning.year ?? today.year;
  let date = DateTime.fromObject({ year, month: meaning.month, day: meaning.day }, { zone: today.zone });
  if (!date.isValid) return undefined;
  if (meaning.year === undefined && date < today) date = date.plus({ years: 1 });
  return date;
}

/**
 * A clock hour on the 24-hour clock. Without am/pm, the hours people book meetings at decide:
 * 1-6 are afternoon ("at three"), 7-11 morning, 12 noon.
 */
function hour24(meaning: Extract<TemporalMeaning, { kind: 'clock' }>): number {
  const { hour, meridiem, part } = meaning;
  if (hour > 12 || hour === 0) return hour % 24;
  if (meridiem === 'am') return hour === 12 ? 0 : hour;
  if (meridiem === 'pm') return hour === 12 ? 12 : hour + 12;
  if (part === 'morning') return hour === 12 ? 0 : hour;
  if (part === 'afternoon' || part === 'evening' || part === 'night') return hour === 12 ? 12 : hour + 12;
  return hour <= 6 ? hour + 12 : hour;
}

/**
 * One window from the time phrases that describe the same moment: a day, a clock time, a part
 * of the day, a length. "thursday morning" -> Thursday 08:00-12:00; "friday at 3 for an hour"
 * -> Friday 15:00-16:00.
 */
export function combineWhen(meanings: readonly TemporalMeaning[], now: DateTime): When | undefined {
  const dayMeaning = meanings.find((m) => dateValue(m, now) !== undefined);
  const clock = meanings.find((m): m is Extract<TemporalMeaning, { kind: 'clock' }> => m.kind === 'clock');
  const part = meanings.find((m): m is Extract<TemporalMeaning, { kind: 'part_of_day' }> => m.kind === 'part_of_day');
  const fromNow = meanings.find((m): m is Extract<TemporalMeaning, { kind: 'from_now' }> => m.kind === 'from_now');
  const duration = meanings.find((m): m is Extract<TemporalMeaning, { kind: 'duration' }> => m.kind === 'duration');
  const recurrence = meanings.find((m): m is Extract<TemporalMeaning, { kind: 'recurrence' }> => m.kind === 'recurrence');
  const withLength = (when: When): When =>
    duration && !when.allDay ? { ...when, end: iso(DateTime.fromISO(when.start, { setZone: true }).plus({ minutes: duration.minutes })) } : when;

  // "a week from today at five": whole days away name a day, and the clock time says when on it.
  const daysAway = fromNow && fromNow.minutes % DAY_MINUTES === 0 && (clock || part) ? now.plus({ minutes: fromNow.minutes }).startOf('day') : undefined;
  if (fromNow && !daysAway) return withLength({ start: iso(now.plus({ minutes: fromNow.minutes })), allDay: false, grain: 'minute' });
  const days = dayMeaning ? dateValue(dayMeaning, now) : recurrence ? firstOccurrence(recurrence.rule, now) : undefined;
  if (!days && !daysAway && !clock && !part) return undefined;
  const day = days ? DateTime.fromISO(days.start, { zone: now.zone }) : daysAway;
  if (clock) {
    const hour = hour24({ ...clock, ...(part && !clock.part ? { part: part.part } : {}) });
    let start = (day ?? now.startOf('day')).set({ hour, minute: clock.minute });
    if (!day && start < now) start = start.plus({ days: 1 });
    return withLength({ start: iso(start), allDay: false, grain: 'minute' });
  }
  if (part) {
    const base = day ?? now.startOf('day');
    const [from, to] = PART_OF_DAY_HOURS[part.part];
    const start = base.set({ hour: from });
    return { start: iso(start), end: iso(base.startOf('day').plus({ hours: to })), allDay: false, grain: 'part_of_day' };
  }
  if (!days) return undefined;
  const grain = days.grain === 'weekend' ? 'week' : days.grain;
  return {
    start: iso(DateTime.fromISO(days.start, { zone: now.zone })),
    end: iso(DateTime.fromISO(days.end, { zone: now.zone })),
    allDay: true,
    grain,
  };
}

const RRULE_DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The first day a weekly, monthly or yearly rule falls on, from today on. */
function firstOccurrence(rule: string, now: DateTime): DateValue | undefined {
  const today = now.startOf('day');
  const byDay = /BYDAY=([A-Z,]+)/.exec(rule)?.[1];
  if (byDay) {
    const ahead = Math.min(...byDay.split(',').map((d) => (RRULE_DAYS.indexOf(d) + 1 - today.weekday + 7) % 7));
    const date = today.plus({ days: ahead });
    return { kind: 'date', start: date.toISODate() ?? '', end: date.plus({ days: 1 }).toISODate() ?? '', grain: 'day' };
  }
  const month = /BYMONTH=(\d+)/.exec(rule)?.[1];
  const day = /BYMONTHDAY=(\d+)/.exec(rule)?.[1];
  if (day) return dateValue({ kind: 'calendar_date', day: Number(day), ...(month ? { month: Number(month) } : {}) }, now);
  return undefined;
}

function hhmm(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function iso(dateTime: DateTime): string {
  return dateTime.toISO({ suppressMilliseconds: true }) ?? '';
}

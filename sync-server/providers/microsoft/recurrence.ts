import { addDaysToLocalDate, daysBetweenLocalDates } from '../../../src/domain/time';
import { InvalidProviderDataError } from '../connector';

/**
 * RRULE <-> Graph `patternedRecurrence`, for the rules Graph can express.
 * https://learn.microsoft.com/en-us/graph/api/resources/patternedrecurrence?view=graph-rest-1.0
 * https://learn.microsoft.com/en-us/graph/api/resources/recurrencepattern?view=graph-rest-1.0
 * https://learn.microsoft.com/en-us/graph/api/resources/recurrencerange?view=graph-rest-1.0
 */

export type DayOfWeek = 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';
export type WeekIndex = 'first' | 'second' | 'third' | 'fourth' | 'last';

export interface RecurrencePattern {
  type: 'daily' | 'weekly' | 'absoluteMonthly' | 'relativeMonthly' | 'absoluteYearly' | 'relativeYearly';
  interval: number;
  month?: number;
  dayOfMonth?: number;
  daysOfWeek?: DayOfWeek[];
  firstDayOfWeek?: DayOfWeek;
  index?: WeekIndex;
}

export interface RecurrenceRange {
  type: 'endDate' | 'noEnd' | 'numbered';
  startDate: string;
  endDate?: string;
  numberOfOccurrences?: number;
  recurrenceTimeZone?: string;
}

export interface PatternedRecurrence {
  pattern: RecurrencePattern;
  range: RecurrenceRange;
}

const DAYS: DayOfWeek[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const RRULE_DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const INDEXES: Record<string, WeekIndex> = { '1': 'first', '2': 'second', '3': 'third', '4': 'fourth', '-1': 'last' };

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function unmappable(rule: string, why: string): never {
  throw new InvalidProviderDataError(`the recurrence ${rule} cannot be expressed in Microsoft Graph: ${why}`);
}

/**
 * The Graph recurrence for an RRULE starting on `startDate` (the series' local start date).
 * `until` is an RRULE UNTIL (date or date-time); Graph keeps only its date, in `zone`.
 */
export function ruleToGraph(rule: string, startDate: string, zone: string): PatternedRecurrence {
  const parts = new Map<string, string>();
  for (const part of rule.replace(/^RRULE:/i, '').split(';').filter(Boolean)) {
    const [key, value] = part.split('=');
    if (!key || value === undefined) unmappable(rule, `malformed part ${part}`);
    parts.set(key.toUpperCase(), value.toUpperCase());
  }
  const freq = parts.get('FREQ');
  const interval = Number(parts.get('INTERVAL') ?? '1');
  const supported = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'WKST']);
  for (const key of parts.keys()) if (!supported.has(key)) unmappable(rule, `${key} is not supported`);
  if (!Number.isInteger(interval) || interval < 1) unmappable(rule, 'bad INTERVAL');

  const byDay = parts.get('BYDAY')?.split(',') ?? [];
  const plainDays = (): DayOfWeek[] =>
    byDay.map((day) => {
      const index = RRULE_DAYS.indexOf(day);
      if (index < 0) unmappable(rule, `BYDAY ${day} with a position only fits a monthly or yearly rule`);
      return DAYS[index] as DayOfWeek;
    });
  const relative = (): Pick<RecurrencePattern, 'daysOfWeek' | 'index'> => {
    const match = byDay.length === 1 ? /^([+-]?\d)?(SU|MO|TU|WE|TH|FR|SA)$/.exec(byDay[0] ?? '') : null;
    const index = match ? INDEXES[(match[1] ?? '').replace('+', '')] : undefined;
    if (!match || !index) unmappable(rule, 'only one BYDAY with a position 1-4 or -1 is supported');
    return { daysOfWeek: [DAYS[RRULE_DAYS.indexOf(match[2] as string)] as DayOfWeek], index };
  };
  const [, month, day] = startDate.split('-').map(Number) as [number, number, number];
  const byMonthDay = parts.has('BYMONTHDAY') ? Number(parts.get('BYMONTHDAY')) : undefined;
  const byMonth = parts.has('BYMONTH') ? Number(parts.get('BYMONTH')) : undefined;
  if (byMonthDay !== undefined && !(byMonthDay >= 1 && byMonthDay <= 31)) unmappable(rule, 'BYMONTHDAY must be one day 1-31');
  if (byMonth !== undefined && !(byMonth >= 1 && byMonth <= 12)) unmappable(rule, 'BYMONTH must be one month');

  let pattern: RecurrencePattern;
  switch (freq) {
    case 'DAILY':
      if (byDay.length || byMonthDay !== undefined || byMonth !== undefined) unmappable(rule, 'a daily rule with BY parts');
      pattern = { type: 'daily', interval };
      break;
    case 'WEEKLY': {
      if (byMonthDay !== undefined || byMonth !== undefined) unmappable(rule, 'a weekly rule with BYMONTH/BYMONTHDAY');
      const wkst = parts.get('WKST');
      // Graph needs the days; an RRULE without BYDAY repeats on the start's weekday (RFC 5545 3.3.10).
      const daysOfWeek = byDay.length ? plainDays() : [DAYS[weekday(startDate)] as DayOfWeek];
      pattern = { type: 'weekly', interval, daysOfWeek, firstDayOfWeek: wkst ? (DAYS[RRULE_DAYS.indexOf(wkst)] ?? 'monday') : 'monday' };
      break;
    }
    case 'MONTHLY':
      if (byMonth !== undefined) unmappable(rule, 'a monthly rule with BYMONTH');
      pattern = byDay.length ? { type: 'relativeMonthly', interval, ...relative() } : { type: 'absoluteMonthly', interval, dayOfMonth: byMonthDay ?? day };
      break;
    case 'YEARLY':
      pattern = byDay.length
        ? { type: 'relativeYearly', interval, month: byMonth ?? month, ...relative() }
        : { type: 'absoluteYearly', interval, month: byMonth ?? month, dayOfMonth: byMonthDay ?? day };
      break;
    default:
      unmappable(rule, `FREQ=${freq ?? '(none)'}`);
  }

  const count = parts.get('COUNT');
  const until = parts.get('UNTIL');
  let range: RecurrenceRange;
  if (count !== undefined) range = { type: 'numbered', startDate, numberOfOccurrences: Number(count), recurrenceTimeZone: zone };
  else if (until !== undefined) {
    const date = `${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}`;
    range = { type: 'endDate', startDate, endDate: date, recurrenceTimeZone: zone };
  } else range = { type: 'noEnd', startDate, recurrenceTimeZone: zone };
  return { pattern, range };
}

/**
 * The RRULE for a Graph recurrence. Weekly rules always name their days (Graph always does);
 * monthly and yearly rules name the day or month only when it differs from the series start's,
 * so a rule TempoPilot wrote as `FREQ=YEARLY` reads back as it was written.
 */
export function graphToRule(recurrence: PatternedRecurrence): string {
  const { pattern, range } = recurrence;
  const [, month, day] = range.startDate.split('-').map(Number) as [number, number, number];
  const parts: string[] = [];
  const position = (): string => {
    const index = Object.entries(INDEXES).find(([, name]) => name === pattern.index)?.[0] ?? '1';
    const dayName = pattern.daysOfWeek?.[0];
    if (!dayName || (pattern.daysOfWeek?.length ?? 0) > 1) throw new InvalidProviderDataError('a relative Graph recurrence with other than one day');
    return `BYDAY=${index}${RRULE_DAYS[DAYS.indexOf(dayName)]}`;
  };
  switch (pattern.type) {
    case 'daily':
      parts.push('FREQ=DAILY');
      break;
    case 'weekly':
      parts.push('FREQ=WEEKLY', `BYDAY=${(pattern.daysOfWeek ?? []).map((name) => RRULE_DAYS[DAYS.indexOf(name)]).join(',')}`);
      if (pattern.firstDayOfWeek && pattern.firstDayOfWeek !== 'monday') parts.push(`WKST=${RRULE_DAYS[DAYS.indexOf(pattern.firstDayOfWeek)]}`);
      break;
    case 'absoluteMonthly':
      parts.push('FREQ=MONTHLY');
      if (pattern.dayOfMonth !== day) parts.push(`BYMONTHDAY=${pattern.dayOfMonth}`);
      break;
    case 'relativeMonthly':
      parts.push('FREQ=MONTHLY', position());
      break;
    case 'absoluteYearly':
      parts.push('FREQ=YEARLY');
      if (pattern.month !== month) parts.push(`BYMONTH=${pattern.month}`);
      if (pattern.dayOfMonth !== day || pattern.month !== month) parts.push(`BYMONTHDAY=${pattern.dayOfMonth}`);
      break;
    case 'relativeYearly':
      parts.push('FREQ=YEARLY', `BYMONTH=${pattern.month}`, position());
      break;
    default:
      throw new InvalidProviderDataError(`unknown Graph recurrence type ${String((pattern as { type: unknown }).type)}`);
  }
  if (pattern.interval > 1) parts.push(`INTERVAL=${pattern.interval}`);
  if (range.type === 'numbered') parts.push(`COUNT=${range.numberOfOccurrences}`);
  if (range.type === 'endDate' && range.endDate) parts.push(`UNTIL=${range.endDate.replaceAll('-', '')}`);
  return parts.join(';');
}

function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
}

function matchesIndex(date: string, index: WeekIndex | undefined): boolean {
  const dayOfMonth = Number(date.slice(8, 10));
  if (index === 'last') return Number(addDaysToLocalDate(date, 7).slice(5, 7)) !== Number(date.slice(5, 7));
  const wanted = { first: 1, second: 2, third: 3, fourth: 4 }[index ?? 'first'];
  return Math.ceil(dayOfMonth / 7) === wanted;
}

/**
 * The local start dates of a series' occurrences, in order, up to `until` (inclusive), as
 * Exchange places them (a numbered range counts cancelled occurrences too). The double's engine.
 */
export function occurrenceDates(recurrence: PatternedRecurrence, until: string): string[] {
  const { pattern, range } = recurrence;
  const dates: string[] = [];
  const last = range.type === 'endDate' && range.endDate && range.endDate < until ? range.endDate : until;
  const fdow = DAYS.indexOf(pattern.firstDayOfWeek ?? 'sunday');
  const weekStart = (date: string) => addDaysToLocalDate(date, -((weekday(date) - fdow + 7) % 7));
  const startWeek = weekStart(range.startDate);
  for (let date = range.startDate; date <= last; date = addDaysToLocalDate(date, 1)) {
    if (range.type === 'numbered' && dates.length >= (range.numberOfOccurrences ?? 0)) break;
    const onDay = pattern.daysOfWeek?.includes(DAYS[weekday(date)] as DayOfWeek) ?? false;
    const dayOfMonth = Number(date.slice(8, 10));
    const month = Number(date.slice(5, 7));
    const months = monthsBetween(range.startDate, date);
    let hit: boolean;
    switch (pattern.type) {
      case 'daily':
        hit = daysBetweenLocalDates(range.startDate, date) % pattern.interval === 0;
        break;
      case 'weekly':
        hit = onDay && (daysBetweenLocalDates(startWeek, weekStart(date)) / 7) % pattern.interval === 0;
        break;
      case 'absoluteMonthly':
        hit = dayOfMonth === pattern.dayOfMonth && months % pattern.interval === 0;
        break;
      case 'relativeMonthly':
        hit = onDay && matchesIndex(date, pattern.index) && months % pattern.interval === 0;
        break;
      case 'absoluteYearly':
        hit = month === pattern.month && dayOfMonth === pattern.dayOfMonth && (months / 12) % pattern.interval === 0;
        break;
      case 'relativeYearly':
        hit = month === pattern.month && onDay && matchesIndex(date, pattern.index) && Math.floor(months / 12) % pattern.interval === 0;
        break;
    }
    if (hit) dates.push(date);
  }
  return dates;
}

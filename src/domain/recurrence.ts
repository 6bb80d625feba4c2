import ICAL from 'ical.js';
import { isAllDayTime, localForm, type CalendarEvent, type EventTime } from './event';
import { addDaysToLocalDate, daysBetweenLocalDates, floatingMs, instantToLocal, localToInstant } from './time';

/** One instance of an event: the series start it stands for, and where it actually is. */
export interface Instance {
  /** The instance's original local start (its RECURRENCE-ID); the event's start if not recurring. */
  originalStart: string;
  start: EventTime;
  end: EventTime;
}

export interface ExpansionLimits {
  /** Stop before instances whose local start is at or past this floating time (ms). */
  horizonFloating: number;
  /** A hard cap, so a rule like FREQ=SECONDLY cannot flood the cache. */
  maxInstances: number;
}

export const DEFAULT_MAX_INSTANCES = 5_000;

export class RecurrenceError extends Error {}

/** Parses an RRULE, failing with a readable message rather than ical.js's internals. */
export function parseRule(rule: string): ICAL.Recur {
  const trimmed = rule.replace(/^RRULE:/i, '').trim();
  if (!/^FREQ=|;FREQ=/i.test(trimmed)) throw new RecurrenceError(`recurrence rule "${rule}" has no FREQ`);
  try {
    return ICAL.Recur.fromString(trimmed);
  } catch (error) {
    throw new RecurrenceError(`recurrence rule "${rule}" is not valid: ${(error as Error).message}`);
  }
}

export function isValidRule(rule: string): boolean {
  try {
    parseRule(rule);
    return true;
  } catch {
    return false;
  }
}

/**
 * Expands an event into its instances. The rule is iterated on floating wall times, then each
 * wall time is placed in the event's zone, which is what keeps a 09:00 meeting at 09:00 across
 * DST. An UNTIL given in UTC is first turned into the event's wall time so the comparison is
 * made in one frame.
 */
export function expandEvent(event: CalendarEvent, limits: ExpansionLimits): Instance[] {
  if (!event.recurrence) {
    return [{ originalStart: localForm(event.start), start: event.start, end: event.end }];
  }
  const allDay = isAllDayTime(event.start);
  const startLocal = localForm(event.start);
  const rule = parseRule(event.recurrence.rule);
  if (rule.until && !allDay && rule.until.zone === ICAL.Timezone.utcTimezone) {
    const zone = (event.start as { timeZone: string }).timeZone;
    rule.until = ICAL.Time.fromDateTimeString(instantToLocal(rule.until.toUnixTime() * 1000, zone));
  }
  const dtstart = allDay ? ICAL.Time.fromDateString(startLocal) : ICAL.Time.fromDateTimeString(startLocal);
  const excluded = new Set(event.recurrence.exdates);
  const makeInstance = allDay ? allDayInstanceMaker(event) : timedInstanceMaker(event);
  const instances: Instance[] = [];
  const iterator = rule.iterator(dtstart);
  for (let next = iterator.next(); next; next = iterator.next()) {
    const local = next.toString();
    if (floatingMs(local) >= limits.horizonFloating) break;
    if (instances.length >= limits.maxInstances) break;
    if (!excluded.has(local)) instances.push(makeInstance(local));
  }
  return instances;
}

function allDayInstanceMaker(event: CalendarEvent): (local: string) => Instance {
  const days = daysBetweenLocalDates(localForm(event.start), localForm(event.end));
  return (local) => ({ originalStart: local, start: { date: local }, end: { date: addDaysToLocalDate(local, days) } });
}

function timedInstanceMaker(event: CalendarEvent): (local: string) => Instance {
  const start = event.start as { dateTime: string; timeZone: string };
  const end = event.end as { dateTime: string; timeZone: string };
  const durationMs = localToInstant(end.dateTime, end.timeZone) - localToInstant(start.dateTime, start.timeZone);
  return (local) => {
    const endInstant = localToInstant(local, start.timeZone) + durationMs;
    return {
      originalStart: local,
      start: { dateTime: local, timeZone: start.timeZone },
      end: { dateTime: instantToLocal(endInstant, end.timeZone), timeZone: end.timeZone },
    };
  };
}

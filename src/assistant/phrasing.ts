import { DateTime } from 'luxon';
import type { TimeRange } from '../domain/ranges';
import { addDaysToLocalDate, daysBetweenLocalDates, instantToLocal, zoneOf } from '../domain/time';
import type { Occurrence } from './plan';

/**
 * Times in words, in the user's zone and relative to "now": short for the HUD ("Thu 10:00–10:30",
 * "Thu 2 Apr" beyond this week) and spoken for TTS ("on Thursday from 10 to 10:30 a.m.").
 */
export class Phrasing {
  private readonly today: string;

  constructor(
    readonly zone: string,
    now: number,
  ) {
    this.today = this.dateOf(now);
  }

  dateOf(instant: number): string {
    return instantToLocal(instant, this.zone).slice(0, 10);
  }

  private daysFromToday(date: string): number {
    return daysBetweenLocalDates(this.today, date);
  }

  /** "Thu" within the coming week, "Thu 2 Apr" otherwise. */
  hudDate(date: string): string {
    const day = DateTime.fromISO(date);
    const ahead = this.daysFromToday(date);
    return ahead >= 0 && ahead < 7 ? day.toFormat('ccc') : day.toFormat('ccc d LLL');
  }

  hudClock(instant: number): string {
    return instantToLocal(instant, this.zone).slice(11, 16);
  }

  /** "Thu 10:00–10:30", "Fri (all day)", "Thu–Fri (all day)". */
  hudWhen(occurrence: Pick<Occurrence, 'startsAt' | 'endsAt' | 'allDay' | 'start' | 'end'>): string {
    if (occurrence.allDay) {
      const first = 'date' in occurrence.start ? occurrence.start.date : this.dateOf(occurrence.startsAt);
      const last = addDaysToLocalDate('date' in occurrence.end ? occurrence.end.date : this.dateOf(occurrence.endsAt), -1);
      return `${first === last ? this.hudDate(first) : `${this.hudDate(first)}–${this.hudDate(last)}`} (all day)`;
    }
    return this.hudRange(occurrence.startsAt, occurrence.endsAt);
  }

  hudRange(start: number, end: number): string {
    const startDate = this.dateOf(start);
    const endDate = this.dateOf(end);
    const sameDay = startDate === endDate || (this.hudClock(end) === '00:00' && addDaysToLocalDate(startDate, 1) === endDate);
    const endPart = sameDay ? this.hudClock(end) : `${this.hudDate(endDate)} ${this.hudClock(end)}`;
    return `${this.hudDate(startDate)} ${this.hudClock(start)}–${endPart}`;
  }

  /** A window as a heading: "Tue", "Mon–Sun", "Tue 12:00–19:00". */
  hudWindow(window: TimeRange): string {
    const startDate = this.dateOf(window.start);
    const wholeDays = this.hudClock(window.start) === '00:00' && this.hudClock(window.end) === '00:00';
    if (!wholeDays) return this.hudRange(window.start, window.end);
    const lastDate = addDaysToLocalDate(this.dateOf(window.end), -1);
    return lastDate === startDate ? this.hudDate(startDate) : `${this.hudDate(startDate)}–${this.hudDate(lastDate)}`;
  }

  /** "today", "tomorrow", "on Thursday", "on Thursday, April 2" (without "on" when `bare`). */
  spokenDate(date: string, bare = false): string {
    const ahead = this.daysFromToday(date);
    if (ahead === 0) return 'today';
    if (ahead === 1) return 'tomorrow';
    const day = DateTime.fromISO(date);
    const name = ahead > 1 && ahead < 7 ? day.toFormat('cccc') : day.toFormat('cccc, LLLL d');
    return bare ? name : `on ${name}`;
  }

  /** "9 a.m.", "2:30 p.m.", "noon", "midnight". */
  spokenClock(instant: number, withMeridiem = true): string {
    const time = DateTime.fromMillis(instant, { zone: zoneOf(this.zone) });
    if (time.minute === 0 && time.hour === 12) return 'noon';
    if (time.minute === 0 && time.hour === 0) return 'midnight';
    const hour = time.hour % 12 === 0 ? 12 : time.hour % 12;
    const clock = time.minute === 0 ? String(hour) : `${hour}:${String(time.minute).padStart(2, '0')}`;
    return withMeridiem ? `${clock} ${time.hour < 12 ? 'a.m.' : 'p.m.'}` : clock;
  }

  /** "from 10 to 10:30 a.m.", "from 11:30 a.m. to 12:30 p.m.". */
  spokenSpan(start: number, end: number): string {
    const sameHalf = (instant: number) => DateTime.fromMillis(instant, { zone: zoneOf(this.zone) }).hour < 12;
    const plain = (instant: number) => !['noon', 'midnight'].includes(this.spokenClock(instant));
    const shareMeridiem = sameHalf(start) === sameHalf(end) && plain(start) && plain(end) && this.dateOf(start) === this.dateOf(end);
    return `from ${this.spokenClock(start, !shareMeridiem)} to ${this.spokenClock(end)}`;
  }

  /** "tomorrow from 10 to 10:30 a.m.", "on Friday, all day", "from Thursday to Friday, all day". */
  spokenWhen(occurrence: Pick<Occurrence, 'startsAt' | 'endsAt' | 'allDay' | 'start' | 'end'>): string {
    if (occurrence.allDay) {
      const first = 'date' in occurrence.start ? occurrence.start.date : this.dateOf(occurrence.startsAt);
      const last = addDaysToLocalDate('date' in occurrence.end ? occurrence.end.date : this.dateOf(occurrence.endsAt), -1);
      return first === last ? `${this.spokenDate(first)}, all day` : `from ${this.spokenDate(first, true)} to ${this.spokenDate(last, true)}, all day`;
    }
    return `${this.spokenDate(this.dateOf(occurrence.startsAt))} ${this.spokenSpan(occurrence.startsAt, occurrence.endsAt)}`;
  }

  /** "tomorrow at 9 a.m.", "on Thursday at 4 p.m." (without "on" when `bare`). */
  spokenAt(instant: number, bare = false): string {
    return `${this.spokenDate(this.dateOf(instant), bare)} at ${this.spokenClock(instant)}`;
  }

  /** A window in words: "tomorrow", "from Monday to Sunday", "tomorrow from noon to 7 p.m.". */
  spokenWindow(window: TimeRange): string {
    const startDate = this.dateOf(window.start);
    const wholeDays = this.hudClock(window.start) === '00:00' && this.hudClock(window.end) === '00:00';
    if (!wholeDays) return `${this.spokenDate(startDate)} ${this.spokenSpan(window.start, window.end)}`;
    const lastDate = addDaysToLocalDate(this.dateOf(window.end), -1);
    if (lastDate === startDate) return this.spokenDate(startDate);
    return `from ${this.spokenDate(startDate, true)} to ${this.spokenDate(lastDate, true)}`;
  }
}

/** "30 min", "1 h", "1 h 30 min". */
export function hudDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** "30 minutes", "an hour", "an hour and a half", "2 hours 15 minutes". */
export function spokenDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hourWords = hours === 1 ? 'an hour' : `${hours} hours`;
  if (hours === 0) return `${rest} minutes`;
  if (rest === 0) return hourWords;
  if (rest === 30) return hours === 1 ? 'an hour and a half' : `${hours} and a half hours`;
  return `${hourWords} ${rest} minutes`;
}

/** "a, b and c". */
export function listInWords(items: readonly string[], joiner = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${joiner} ${items.at(-1)}`;
}

/** One full stop where an abbreviation ("p.m.") ends a sentence that adds its own. */
export function tidySpoken(text: string): string {
  return text.replace(/\.\./g, '.');
}

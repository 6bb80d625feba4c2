/**
 * TimeData: a predicate plus what the grammar needs to know about it (grain, latency, form).
 * The constructors mirror the vocabulary of calendar language: hour(3), dayOfWeek(2),
 * intersect(a, b), predNth(-1, ...) for "last ...", interval(a, b), durationAfter(...).
 */
import { finer, grainRank, type Grain } from './grain';
import {
  andPred,
  cycleSeries,
  EMPTY_PRED,
  fieldsPred,
  intervalsSeries,
  runPredicate,
  seriesPred,
  shiftToZone,
  shiftSeries,
  takeLastOf,
  takeN,
  takeNth,
  takeNthAfter,
  takeNthClosest,
  expandYear,
  type AmPm,
  type Predicate,
  type SeriesFn,
} from './series';

export type PartOfDay = 'morning' | 'afternoon' | 'evening' | 'night' | 'lunch' | 'early-morning' | 'other';

export type Form =
  | { readonly k: 'dow' }
  | {
      readonly k: 'tod';
      readonly hours: number | undefined;
      readonly is12H: boolean;
      readonly minute?: number;
      readonly second?: number;
    }
  | { readonly k: 'month'; readonly month: number }
  | { readonly k: 'pod'; readonly pod: PartOfDay };

export interface TimeData {
  readonly pred: Predicate;
  readonly grain: Grain;
  readonly latent: boolean;
  /** Skip an occurrence that contains now ("next tuesday" on a Tuesday). */
  readonly notImmediate: boolean;
  readonly form?: Form;
  /** Open interval: "after 5pm" / "before noon". */
  readonly direction?: 'after' | 'before';
  /** Takes "this/next/last" directly (weekdays, months, holidays, seasons, weekend). */
  readonly okForThisNext: boolean;
  readonly holiday?: string;
  readonly hasTimezone?: boolean;
  /** Resolves to a range ("3-4pm", "this weekend"), so it cannot bound another range. */
  readonly isInterval?: boolean;
}

export interface Duration {
  readonly value: number;
  readonly grain: Grain;
}

export function td(pred: Predicate, grain: Grain, extra: Partial<TimeData> = {}): TimeData {
  return { pred, grain, latent: false, notImmediate: false, okForThisNext: false, ...extra };
}

const run = (t: TimeData): SeriesFn => runPredicate(t.pred);

// --- flags -----------------------------------------------------------------------------------

export const mkLatent = (t: TimeData): TimeData => ({ ...t, latent: true });
export const notLatent = (t: TimeData): TimeData => (t.latent ? { ...t, latent: false } : t);
export const okForThisNext = (t: TimeData): TimeData => ({ ...t, okForThisNext: true });
export const withForm = (t: TimeData, form: Form): TimeData => ({ ...t, form });
export const withDirection = (t: TimeData, direction: 'after' | 'before'): TimeData => ({ ...t, direction });

// --- leaves ----------------------------------------------------------------------------------

export function hour(is12H: boolean, h: number): TimeData {
  return td(fieldsPred({ hour: { is12H, h } }), 'hour', { form: { k: 'tod', hours: h, is12H } });
}

export function hourMinute(is12H: boolean, h: number, m: number): TimeData {
  return td(fieldsPred({ hour: { is12H, h }, minute: m }), 'minute', { form: { k: 'tod', hours: h, is12H, minute: m } });
}

export function hourMinuteSecond(is12H: boolean, h: number, m: number, s: number): TimeData {
  return td(fieldsPred({ hour: { is12H, h }, minute: m, second: s }), 'second', {
    form: { k: 'tod', hours: h, is12H, minute: m, second: s },
  });
}

export function dayOfWeek(n: number): TimeData {
  return td(fieldsPred({ dow: n }), 'day', { notImmediate: true, form: { k: 'dow' }, okForThisNext: true });
}

export function dayOfMonth(n: number): TimeData {
  return td(fieldsPred({ dom: n }), 'day');
}

export function month(n: number): TimeData {
  return td(fieldsPred({ month: n }), 'month', { form: { k: 'month', month: n }, okForThisNext: true });
}

/** A year as said: two digits mean 1950-2049 ("'74", "10-31-74"). */
export function year(n: number): TimeData {
  return td(fieldsPred({ year: expandYear(n) }), 'year');
}

/** A year taken literally ("14 A.D.", "300 BC"). */
export function exactYear(n: number): TimeData {
  return td(fieldsPred({ year: n }), 'year');
}

export function monthDay(m: number, d: number): TimeData {
  return intersect(month(m), dayOfMonth(d)) ?? td(EMPTY_PRED, 'day');
}

export function yearMonthDay(y: number, m: number, d: number): TimeData {
  return td(fieldsPred({ year: expandYear(y), month: m, dom: d }), 'day');
}

export function yearMonth(y: number, m: number): TimeData {
  return td(fieldsPred({ year: expandYear(y), month: m }), 'month');
}

export function cycleNth(grain: Grain, n: number): TimeData {
  return td(seriesPred(takeNth(n, false, cycleSeries(grain))), grain);
}

export function cycleN(notImmediate: boolean, grain: Grain, n: number): TimeData {
  return td(seriesPred(takeN(n, notImmediate, cycleSeries(grain))), grain, { isInterval: true });
}

export function cycleNthAfter(notImmediate: boolean, grain: Grain, n: number, base: TimeData): TimeData {
  return td(seriesPred(takeNthAfter(n, notImmediate, cycleSeries(grain), run(base))), grain);
}

export function cycleLastOf(grain: Grain, base: TimeData): TimeData {
  return td(seriesPred(takeLastOf(cycleSeries(grain), run(base))), grain);
}

export function predLastOf(cyclic: TimeData, base: TimeData): TimeData {
  return td(seriesPred(takeLastOf(run(cyclic), run(base))), cyclic.grain);
}

export function predNth(n: number, notImmediate: boolean, t: TimeData): TimeData {
  return td(seriesPred(takeNth(n, notImmediate, run(t))), t.grain);
}

export function predNthAfter(n: number, t: TimeData, base: TimeData): TimeData {
  return td(seriesPred(takeNthAfter(n, true, run(t), run(base))), t.grain);
}

export function predNthClosest(n: number, t: TimeData, base: TimeData): TimeData {
  return td(seriesPred(takeNthClosest(n, run(t), run(base))), t.grain);
}

export const now = (): TimeData => cycleNth('second', 0);
export const today = (): TimeData => cycleNth('day', 0);

// --- combinators -----------------------------------------------------------------------------

/** Both at once: "tuesday" + "3pm"; keeps the finer grain. Undefined when incompatible. */
export function intersect(a: TimeData, b: TimeData): TimeData | undefined {
  const [fine, coarse] = grainRank(a.grain) < grainRank(b.grain) ? [a, b] : [b, a];
  const pred = andPred(fine.pred, coarse.pred);
  if (pred.k === 'empty') return undefined;
  const direction = a.direction ?? b.direction;
  return td(pred, fine.grain, {
    ...(direction ? { direction } : {}),
    ...(a.hasTimezone || b.hasTimezone ? { hasTimezone: true } : {}),
    ...(a.isInterval || b.isInterval ? { isInterval: true } : {}),
  });
}

/** From a to b. Closed intervals end after b's last unit; day-to-day intervals always do. */
export function interval(closed: boolean, a: TimeData, b: TimeData): TimeData {
  const outer = closed || (a.grain === 'day' && b.grain === 'day');
  const grain = finer(a.grain, b.grain) ? a.grain : b.grain;
  return td(seriesPred(intervalsSeries(outer, run(a), run(b))), grain, { isInterval: true });
}

/** "3 days after tomorrow", "a day from right now": shifts keep the precision of the base time. */
export function durationAfter(d: Duration, t: TimeData): TimeData {
  return td(seriesPred(shiftSeries(run(t), d.value, d.grain, true)), finer(t.grain, d.grain) ? t.grain : d.grain);
}

export function durationBefore(d: Duration, t: TimeData): TimeData {
  return durationAfter({ value: -d.value, grain: d.grain }, t);
}

/** "in 3 days" is counted from now rounded to the hour; "in 2 hours" from the minute. */
export function inDuration(d: Duration): TimeData {
  return td(seriesPred(shiftSeries(runPredicate(now().pred), d.value, d.grain, false)), d.grain);
}

export function durationAgo(d: Duration): TimeData {
  return inDuration({ value: -d.value, grain: d.grain });
}

/** The whole unit containing "now + d" ("thanksgiving in 9 months": within that month). */
export function inDurationInterval(d: Duration): TimeData {
  return cycleNthAfter(false, d.grain, d.value, today());
}

export function durationIntervalAgo(d: Duration): TimeData {
  return cycleNthAfter(false, d.grain, -d.value, today());
}

/** A time of day stated in another zone ("8am PST"); the offset is in minutes east of UTC. */
export function inTimezone(t: TimeData, offsetMinutes: number): TimeData {
  const grain = grainRank(t.grain) > grainRank('minute') ? 'minute' : t.grain;
  return { ...t, pred: seriesPred(shiftToZone(run(t), offsetMinutes)), grain, hasTimezone: true };
}

/**
 * "4:23 am" is 04:23 on the 24-hour clock: a clock time with known hours is rebuilt, so it
 * resolves like any 24-hour time (the current hour still counts as upcoming).
 */
export function timeOfDayAmPm(ampm: AmPm, t: TimeData): TimeData {
  const f = t.form?.k === 'tod' ? t.form : undefined;
  if (f && f.hours !== undefined && f.hours <= 12) {
    const h24 = ampm === 'pm' ? (f.hours % 12) + 12 : f.hours % 12;
    const r =
      f.second !== undefined && f.minute !== undefined
        ? hourMinuteSecond(false, h24, f.minute, f.second)
        : f.minute !== undefined
          ? hourMinute(false, h24, f.minute)
          : hour(false, h24);
    return {
      ...r,
      latent: t.latent,
      ...(t.hasTimezone ? { hasTimezone: true } : {}),
      ...(t.direction ? { direction: t.direction } : {}),
    };
  }
  const r = intersect(t, td(fieldsPred({ ampm }), 'hour')) ?? t;
  return { ...r, form: { k: 'tod', hours: undefined, is12H: false }, latent: t.latent };
}

export function minutesAfter(n: number, t: TimeData): TimeData | undefined {
  if (t.form?.k !== 'tod' || t.form.hours === undefined) return undefined;
  return hourMinute(t.form.is12H, t.form.hours, n);
}

export function minutesBefore(n: number, t: TimeData): TimeData | undefined {
  if (t.form?.k !== 'tod' || t.form.hours === undefined) return undefined;
  const { hours, is12H } = t.form;
  if (hours === 0) return hourMinute(is12H, 23, 60 - n);
  if (hours === 1 && is12H) return hourMinute(true, 12, 60 - n);
  return hourMinute(is12H, hours - 1, 60 - n);
}

/** Friday 18:00 to Monday 00:00. */
export function weekend(): TimeData {
  const fri = intersect(dayOfWeek(5), hour(false, 18))!;
  const mon = intersect(dayOfWeek(1), hour(false, 0))!;
  return okForThisNext(interval(false, fri, mon));
}

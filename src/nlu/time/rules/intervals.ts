/**
 * Intervals and open intervals: "3-4pm", "from 9:30 to 11", "July 13-15", "between 2 and 4",
 * "by friday", "after 5pm", "before noon", "mid march", "end of the month", "EOY".
 */
import type { Child, Rule } from '../engine';
import {
  cycleLastOf,
  cycleNth,
  cycleNthAfter,
  dayOfMonth,
  dayOfWeek,
  inTimezone,
  interval,
  intersect,
  month,
  notLatent,
  now,
  timeOfDayAmPm,
  withDirection,
  hour,
  hourMinute,
  type TimeData,
} from '../time-data';
import { ZONES, ZONE_RE } from './clock';
import {
  and,
  grp,
  isDomValue,
  isGrainOfTime,
  isMonth,
  isNotLatent,
  isNotLatentTod,
  isTime,
  isTod,
  nAt,
  or,
  p,
  RANGE_SEP,
  re,
  rule,
  tAt,
  time,
} from './dsl';

const AMPM = '(?:in the )?([ap])(?:\\s|\\.)?m?\\.?';

function domOf(m: TimeData, c: readonly Child[], i: number): TimeData | undefined {
  return intersect(dayOfMonth(nAt(c, i)), notLatent(m));
}

function domRange(m: TimeData, c: readonly Child[], i: number, j: number): TimeData | undefined {
  const a = domOf(m, c, i);
  const b = domOf(m, c, j);
  return a && b ? interval(true, a, b) : undefined;
}

const closed = (a: TimeData, b: TimeData): TimeData => interval(true, a, b);
/** A time that is a point or a unit, not a range: what a range can start or end with. */
const isPoint = (d: Parameters<typeof isTod>[0]): boolean => d.kind === 'time' && !d.t.isInterval && !d.t.direction;
const isPointNotLatent = (d: Parameters<typeof isTod>[0]): boolean => isPoint(d) && isNotLatent(d);
const isLatent = (d: Parameters<typeof isTod>[0]): boolean => d.kind === 'time' && d.t.latent;
const isTodNoZone = (d: Parameters<typeof isTod>[0]): boolean => isTod(d) && d.kind === 'time' && !d.t.hasTimezone;
const isLatentYear = (d: Parameters<typeof isTod>[0]): boolean => d.kind === 'time' && d.t.latent && d.t.grain === 'year';

/** Beginning of a week: Monday to Wednesday; end: Friday to Sunday (day ranges end after the last). */
function partOfWeek(w: TimeData, which: 'beginning' | 'end'): TimeData | undefined {
  const [from, to] = which === 'end' ? [5, 7] : [1, 3];
  const a = intersect(w, dayOfWeek(from));
  const b = intersect(w, dayOfWeek(to));
  return a && b ? interval(false, a, b) : undefined;
}

function partOfMonth(m: TimeData, from: number, to: number | 'last'): TimeData | undefined {
  const start = intersect(m, dayOfMonth(from));
  const end = to === 'last' ? cycleLastOf('day', m) : intersect(m, dayOfMonth(to));
  return start && end ? interval(false, start, end) : undefined;
}

export const intervalRules: readonly Rule[] = [
  // --- day ranges inside a month ---
  rule('<month> dd-dd', [p(isMonth), p(isDomValue), re(RANGE_SEP), p(isDomValue)], (c) => time(domRange(tAt(c, 0), c, 1, 3))),
  rule('dd-dd <month>', [p(isDomValue), re(RANGE_SEP), p(isDomValue), p(isMonth)], (c) => time(domRange(tAt(c, 3), c, 0, 2))),
  rule('from <month> dd-dd', [re('from'), p(isMonth), p(isDomValue), re(RANGE_SEP), p(isDomValue)], (c) => time(domRange(tAt(c, 1), c, 2, 4))),
  rule('from the dd to the dd <month>', [re('from(?: the)?'), p(isDomValue), re(`(?:${RANGE_SEP})(?: the)?`), p(isDomValue), p(isMonth)], (c) =>
    time(domRange(tAt(c, 4), c, 1, 3)),
  ),
  rule('from the dd to the dd of <month>', [re('from(?: the)?'), p(isDomValue), re(`(?:${RANGE_SEP})(?: the)?`), p(isDomValue), re('of'), p(isMonth)], (c) =>
    time(domRange(tAt(c, 5), c, 1, 3)),
  ),

  // --- general ranges ---
  rule('<datetime> - <datetime>', [p(isPointNotLatent), re(RANGE_SEP), p(isPointNotLatent)], (c) => time(closed(tAt(c, 0), tAt(c, 2)))),
  rule('<datetime>/<datetime>', [p(isPointNotLatent), re('/'), p(isPointNotLatent)], (c) => {
    const a = tAt(c, 0);
    const b = tAt(c, 2);
    return a.grain === b.grain ? time(closed(a, b)) : undefined;
  }),
  // "1960 - 1961": two bare years make a (latent) range of years.
  rule('<year> - <year> (latent)', [p(isLatentYear), re(RANGE_SEP), p(isLatentYear)], (c) =>
    time({ ...closed(tAt(c, 0), tAt(c, 2)), latent: true }),
  ),
  rule('from <datetime> - <datetime>', [re('from'), p(isPoint), re(RANGE_SEP), p(isPoint)], (c) => time(closed(tAt(c, 1), tAt(c, 3)))),
  rule('between <time> and <time>', [re('between'), p(isPoint), re('and'), p(isPoint)], (c) => time(closed(tAt(c, 1), tAt(c, 3)))),
  rule('<time-of-day> - <time-of-day>', [p(isNotLatentTod), re(`${RANGE_SEP}|:`), p(isTod)], (c) => time(closed(tAt(c, 0), tAt(c, 2)))),
  // "9 to 11" alone is latent (it could be a count); "9 to 11 on thursday" is not.
  rule('<hour> - <hour> (latent)', [p(and(isTod, isLatent)), re(RANGE_SEP), p(and(isTod, isLatent))], (c) =>
    time({ ...closed(tAt(c, 0), tAt(c, 2)), latent: true }),
  ),
  rule(
    'from <time-of-day> - <time-of-day>',
    [re('later than|from|(?:in[\\s-])?between'), p(isTod), re(`(?:but )?before|${RANGE_SEP}|and`), p(isTod)],
    (c) => time(closed(tAt(c, 1), tAt(c, 3))),
  ),
  // "3-4pm", "3:30-6 p.m.": the am/pm of the end applies to the start too.
  rule('hh(:mm) - <time-of-day> am|pm', [re('(?:from |between )?((?:[01]?\\d)|(?:2[0-3]))(?:[:.]([0-5]\\d))?'), re(`${RANGE_SEP}|:|and`), p(isTod), re(AMPM)], (c) => {
    const h = Number(grp(c, 0, 1));
    const mm = grp(c, 0, 2);
    const ampm = grp(c, 3, 1) === 'a' ? 'am' : 'pm';
    const first = mm ? hourMinute(true, h, Number(mm)) : hour(true, h);
    const second = tAt(c, 2);
    if (second.form?.k !== 'tod' || (second.form.hours ?? 0) > 12) return undefined;
    return time(closed(timeOfDayAmPm(ampm, first), timeOfDayAmPm(ampm, second)));
  }),
  rule('<time-of-day> - <time-of-day> <timezone>', [p(isTodNoZone), re(RANGE_SEP), p(isTodNoZone), re(`\\(?(${ZONE_RE})\\)?`)], (c) => {
    const offset = ZONES[grp(c, 3, 1).toUpperCase()];
    if (offset === undefined) return undefined;
    return time(closed(inTimezone(tAt(c, 0), offset), inTimezone(tAt(c, 2), offset)));
  }),

  // --- open intervals and deadlines ---
  rule('by <time>', [re('by'), p(isTime)], (c) => time(interval(false, now(), tAt(c, 1)))),
  rule('by the end of <time>', [re('by (?:the )?end of'), p(isTime)], (c) => time(interval(true, now(), tAt(c, 1)))),
  rule('until <time>', [re('(?:anytime |sometimes? )?(?:before|(?:un)?till?|through|up to|no later than)'), p(isTime)], (c) =>
    time(withDirection(notLatent(tAt(c, 1)), 'before')),
  ),
  rule('from|since|after <time>', [re('starting (?:from|on|at)?|beginning (?:from|on|at)?|from|since|(?:anytime |sometimes? )?after|no earlier than|later than'), p(isTime)], (c) =>
    time(withDirection(notLatent(tAt(c, 1)), 'after')),
  ),

  rule('rest of the <cycle>', [re('(?:the )?(?:rest|remainder) of (?:the |this )?(day|week|month|year)')], (c) => {
    const g = grp(c, 0, 1) as 'day' | 'week' | 'month' | 'year';
    return time(interval(false, now(), cycleNth(g, 1)));
  }, /rest|remainder/),

  // --- parts of months, years, weeks ---
  rule('early|mid|late <month>', [re('(early|mid|late)-?(?: of)?(?: the)?'), p(or(isMonth, isGrainOfTime('month')))], (c) => {
    const which = grp(c, 0, 1);
    const m = tAt(c, 1);
    return time(which === 'early' ? partOfMonth(m, 1, 10) : which === 'mid' ? partOfMonth(m, 11, 20) : partOfMonth(m, 21, 'last'));
  }),
  rule('beginning|end of <month>', [re('(?:at )?(?:the )?(beginning|start|end) of(?: the)?'), p(or(isMonth, isGrainOfTime('month')))], (c) => {
    const m = tAt(c, 1);
    return time(grp(c, 0, 1) === 'end' ? partOfMonth(m, 21, 'last') : partOfMonth(m, 1, 10));
  }),
  rule('end of month', [re('(by (?:the )?|(?:at )?the )?(?:eom|end of (?:the )?month)')], (c) => {
    const thisMonth = cycleNth('month', 0);
    if (grp(c, 0, 1).startsWith('by')) {
      const next = intersect(dayOfMonth(1), cycleNth('month', 1));
      return time(next && interval(false, now(), next));
    }
    const start = intersect(dayOfMonth(21), thisMonth);
    return time(start && interval(false, start, cycleLastOf('day', thisMonth)));
  }, /eom|end of/),
  rule('beginning of month', [re('(?:(?:at )?the )?(?:bom|(?:beginning|start) of (?:the )?month)')], () => {
    const thisMonth = cycleNth('month', 0);
    const a = intersect(dayOfMonth(1), thisMonth);
    const b = intersect(dayOfMonth(10), thisMonth);
    return time(a && b ? interval(false, a, b) : undefined);
  }, /bom|of/),
  rule('beginning|end of <year>', [re('(?:at )?(?:the )?(beginning|start|end) of(?: the)?'), p(isGrainOfTime('year'))], (c) => {
    const y = notLatent(tAt(c, 1));
    if (grp(c, 0, 1) === 'end') {
      const start = intersect(y, month(9));
      const jan = intersect(y, month(1));
      return time(start && jan ? interval(false, start, cycleNthAfter(false, 'year', 1, jan)) : undefined);
    }
    const start = intersect(y, month(1));
    const end = intersect(y, month(4));
    return time(start && end ? interval(false, start, end) : undefined);
  }),
  rule('end of year', [re('(by (?:the )?|(?:at )?the )?(?:eoy|end of (?:the )?year)')], (c) => {
    const end = intersect(month(1), cycleNth('year', 1));
    const start = grp(c, 0, 1).startsWith('by') ? now() : intersect(month(9), cycleNth('year', 0));
    return time(start && end ? interval(false, start, end) : undefined);
  }, /eoy|end of/),
  rule('beginning of year', [re('(?:(?:at )?the )?(?:boy|(?:beginning|start) of (?:the )?year)')], () => {
    const a = intersect(month(1), cycleNth('year', 0));
    const b = intersect(month(4), cycleNth('year', 0));
    return time(a && b ? interval(false, a, b) : undefined);
  }, /boy|of/),
  rule('beginning|end of <week>', [re('(?:at )?(?:the )?(beginning|start|end) of(?: the)?|(early|later|late)(?: in)?(?: the)?'), p(isGrainOfTime('week'))], (c) => {
    const which = grp(c, 0, 1) || grp(c, 0, 2);
    return time(partOfWeek(tAt(c, 1), which === 'end' || which.startsWith('late') ? 'end' : 'beginning'));
  }),
  rule('end of the week', [re('(?:by |at )?(?:the )?(end|beginning|start) of (?:the|this) week')], (c) =>
    time(grp(c, 0).startsWith('by') ? interval(false, now(), cycleNth('week', 1)) : partOfWeek(cycleNth('week', 0), grp(c, 0, 1) === 'end' ? 'end' : 'beginning')),
  /week/),
];

/**
 * Relative expressions: this/next/last, "the day after tomorrow", "third last week of 2018",
 * "the closest xmas to today", "in two weeks", "3 days ago", "next 3 hours", weekends, seasons.
 */
import { civil } from '../civil';
import type { Rule } from '../engine';
import type { Grain } from '../grain';
import { roundGrain } from '../civil';
import { runPredicate, seqMap, seriesPred, yearlySeries } from '../series';
import type { TimeObject } from '../time-object';
import {
  cycleLastOf,
  cycleN,
  cycleNth,
  cycleNthAfter,
  dayOfMonth,
  durationAfter,
  durationAgo,
  durationBefore,
  durationIntervalAgo,
  inDuration,
  inDurationInterval,
  interval,
  intersect,
  monthDay,
  notLatent,
  now,
  okForThisNext,
  predLastOf,
  predNth,
  predNthAfter,
  predNthClosest,
  td,
  today,
  weekend,
  withDirection,
  type TimeData,
} from '../time-data';
import {
  dAt,
  gAt,
  grp,
  isDomValue,
  isDow,
  isDur,
  isDurLongerThan,
  isGrainOfTime,
  isGrainTok,
  isGrainTokOf,
  isInt,
  isMonth,
  isNotLatent,
  isOkForThisNext,
  isOrd,
  isTime,
  isTod,
  nAt,
  p,
  re,
  rule,
  tAt,
  time,
} from './dsl';

const SEASONS: readonly [string, string, [number, number], [number, number]][] = [
  ['spring', 'spring', [3, 20], [6, 21]],
  ['summer', 'summer', [6, 21], [9, 23]],
  ['fall', 'fall|autumn', [9, 23], [12, 21]],
  ['winter', 'winter', [12, 21], [3, 20]],
];

/**
 * Any season, as one series (for "next season", "last season"). Duckling's convention: a season
 * runs up to the day before the next one starts, that day excluded (fall: Sep 23 - Dec 20).
 */
function anySeason(): TimeData {
  const inYear = (y: number): TimeObject[] =>
    SEASONS.map(([, , [m1, d1], [m2, d2]]) => ({
      start: civil(y, m1, d1),
      grain: 'day' as const,
      end: civil(m2 < m1 ? y + 1 : y, m2, d2 - 1),
    }));
  return td(seriesPred(yearlySeries(inYear)), 'day');
}

function cycleOffset(word: string): number | undefined {
  switch (word) {
    case 'this':
    case 'current':
    case 'coming':
      return 0;
    case 'next':
    case 'upcoming':
    case 'the following':
    case 'following':
      return 1;
    case 'last':
    case 'past':
    case 'previous':
    case 'this past':
      return -1;
    default:
      return undefined;
  }
}

const upcoming = (grain: Grain, n: number): TimeData => cycleNth(grain, n);

/** "this time tomorrow", "same time next week": the target day (or week) at now's clock time. */
function atRefTimeOfDay(t: TimeData): TimeData {
  const unit = t.grain === 'week' ? 'week' : 'day';
  const inner = runPredicate(t.pred);
  return td(
    seriesPred(
      seqMap(
        false,
        (x, ctx) => ({ start: roundGrain(x.start, unit) + (ctx.ref.start - roundGrain(ctx.ref.start, unit)), grain: 'second' }),
        inner,
      ),
    ),
    'second',
  );
}

export const relativeRules: readonly Rule[] = [
  // --- this / next / last ---
  rule('this|next <day-of-week>', [re('this|next'), p(isDow)], (c) => time(predNth(0, true, tAt(c, 1)))),
  rule('this <time>', [re('this|current|coming'), p(isOkForThisNext)], (c) => time(predNth(0, false, tAt(c, 1)))),
  rule('next <time>', [re('next|upcoming'), p(isOkForThisNext)], (c) => time(predNth(0, true, tAt(c, 1)))),
  rule('last <time>', [re('this past|last|previous|past'), p(isOkForThisNext)], (c) => time(predNth(-1, false, tAt(c, 1)))),
  rule('<time> after next', [p(isTime), re('after next')], (c) => time(predNth(1, true, tAt(c, 0)))),
  rule('the <cycle> after next|before last', [re('(?:the )?'), p(isGrainTok), re('(after next|before last)')], (c) =>
    time(cycleNth(gAt(c, 1), grp(c, 2, 1) === 'after next' ? 2 : -2)),
  ),
  rule('this time <day>', [re('(?:at )?(?:this|the same|same) time'), p(isGrainOfTime('day', 'week'))], (c) => time(atRefTimeOfDay(tAt(c, 1)))),
  rule('the year <year>', [re('the year'), p(isGrainOfTime('year'))], (c) => time(notLatent(tAt(c, 1)))),
  rule('<time> before last', [p(isTime), re('before last')], (c) => time(predNth(-2, false, tAt(c, 0)))),
  rule('last <day-of-week> of <time>', [re('(?:the )?last'), p(isDow), re('of|in'), p(isTime)], (c) => time(predLastOf(tAt(c, 1), tAt(c, 3)))),
  rule('last <cycle> of <time>', [re('(?:the )?last'), p(isGrainTok), re('of|in'), p(isTime)], (c) => time(cycleLastOf(gAt(c, 1), tAt(c, 3)))),
  rule('last weekend of <month>', [re('last (?:week(?:\\s|-)?end|wkend) (?:of|in)'), p(isMonth)], (c) =>
    time(predLastOf(weekend(), tAt(c, 1))),
  ),
  rule('<ordinal> <time> of <time>', [p(isOrd(1, 10)), p(isTime), re('of|in'), p(isTime)], (c) => {
    const r = intersect(tAt(c, 3), tAt(c, 1));
    return time(r && predNth(nAt(c, 0) - 1, false, r));
  }),
  rule('the <ordinal> <time> of <time>', [re('the'), p(isOrd(1, 10)), p(isTime), re('of|in'), p(isTime)], (c) => {
    const r = intersect(tAt(c, 4), tAt(c, 2));
    return time(r && predNth(nAt(c, 1) - 1, false, r));
  }),
  rule('<ordinal> <time> after <time>', [p(isOrd(1, 10)), p(isTime), re('after'), p(isTime)], (c) =>
    time(predNthAfter(nAt(c, 0) - 1, tAt(c, 1), tAt(c, 3))),
  ),
  rule('the <ordinal> <time> after <time>', [re('the'), p(isOrd(1, 10)), p(isTime), re('after'), p(isTime)], (c) =>
    time(predNthAfter(nAt(c, 1) - 1, tAt(c, 2), tAt(c, 4))),
  ),
  rule('<integer> <day-of-week> from <time>', [p(isInt(1, 100)), p(isDow), re('from'), p(isTime)], (c) =>
    time(predNthAfter(nAt(c, 0) - 1, tAt(c, 1), tAt(c, 3))),
  ),
  rule('<integer> <day-of-week> ago', [p(isInt(1, 100)), p(isDow), re('ago|back')], (c) => time(predNth(-nAt(c, 0), false, tAt(c, 1)))),
  rule('the closest <time> to <time>', [re('the'), re('closest|nearest'), p(isTime), re('to'), p(isTime)], (c) =>
    time(predNthClosest(0, tAt(c, 2), tAt(c, 4))),
  ),
  rule('the <ordinal> closest <time> to <time>', [re('the'), p(isOrd(1, 10)), re('closest|nearest'), p(isTime), re('to'), p(isTime)], (c) =>
    time(predNthClosest(nAt(c, 1) - 1, tAt(c, 3), tAt(c, 5))),
  ),

  // --- cycles ("next week", "the 3rd quarter", "the day after tomorrow") ---
  rule('this|last|next <cycle>', [re('this past|this|current|coming|next|upcoming|the following|following|last|past|previous'), p(isGrainTok)], (c) => {
    const n = cycleOffset(grp(c, 0));
    return n === undefined ? undefined : time(cycleNth(gAt(c, 1), n));
  }),
  rule('upcoming <integer> <cycle>', [re('upcoming'), p(isInt(1, 1000)), p(isGrainTok)], (c) => time(upcoming(gAt(c, 2), nAt(c, 1)))),
  rule('<integer> upcoming <cycle>', [p(isInt(1, 1000)), re('upcoming'), p(isGrainTok)], (c) => time(upcoming(gAt(c, 2), nAt(c, 0)))),
  rule('the <cycle> after|before <time>', [re('the'), p(isGrainTok), re('after|before'), p(isTime)], (c) =>
    time(cycleNthAfter(false, gAt(c, 1), grp(c, 2) === 'after' ? 1 : -1, tAt(c, 3))),
  ),
  rule('<cycle> after|before <time>', [p(isGrainTok), re('after|before'), p(isTime)], (c) =>
    time(cycleNthAfter(false, gAt(c, 0), grp(c, 1) === 'after' ? 1 : -1, tAt(c, 2))),
  ),
  rule('<ordinal> <cycle> of <time>', [p(isOrd(1, 1000)), p(isGrainTok), re('of|in|from'), p(isTime)], (c) =>
    time(cycleNthAfter(true, gAt(c, 1), nAt(c, 0) - 1, tAt(c, 3))),
  ),
  rule('the <ordinal> <cycle> of <time>', [re('the'), p(isOrd(1, 1000)), p(isGrainTok), re('of|in|from'), p(isTime)], (c) =>
    time(cycleNthAfter(true, gAt(c, 2), nAt(c, 1) - 1, tAt(c, 4))),
  ),
  rule('<ordinal> last <cycle> of <time>', [p(isOrd(1, 1000)), re('last'), p(isGrainTok), re('of|in|from'), p(isTime)], (c) => {
    const t = tAt(c, 4);
    return time(cycleNthAfter(true, gAt(c, 2), -nAt(c, 0), cycleNthAfter(true, t.grain, 1, t)));
  }),
  rule('the <ordinal> last <cycle> of <time>', [re('the'), p(isOrd(1, 1000)), re('last'), p(isGrainTok), re('of|in|from'), p(isTime)], (c) => {
    const t = tAt(c, 5);
    return time(cycleNthAfter(true, gAt(c, 3), -nAt(c, 1), cycleNthAfter(true, t.grain, 1, t)));
  }),
  rule('the <cycle> of <time>', [re('the'), p(isGrainTok), re('of'), p(isTime)], (c) => time(cycleNthAfter(true, gAt(c, 1), 0, tAt(c, 3)))),
  rule('<ordinal> <cycle> after <time>', [p(isOrd(1, 1000)), p(isGrainTok), re('after'), p(isTime)], (c) =>
    time(cycleNthAfter(true, gAt(c, 1), nAt(c, 0) - 1, tAt(c, 3))),
  ),
  rule('the <ordinal> <cycle> after <time>', [re('the'), p(isOrd(1, 1000)), p(isGrainTok), re('after'), p(isTime)], (c) =>
    time(cycleNthAfter(true, gAt(c, 2), nAt(c, 1) - 1, tAt(c, 4))),
  ),
  rule('Qn', [re('q([1-4])')], (c) => time(cycleNthAfter(true, 'quarter', Number(grp(c, 0, 1)) - 1, cycleNth('year', 0)))),
  rule('Qn <year>', [re('q([1-4])'), p(isGrainOfTime('year'))], (c) =>
    time(cycleNthAfter(false, 'quarter', Number(grp(c, 0, 1)) - 1, tAt(c, 1))),
  ),
  rule('<ordinal> quarter', [p(isOrd(1, 4)), p(isGrainTokOf('quarter'))], (c) =>
    time(cycleNthAfter(true, 'quarter', nAt(c, 0) - 1, cycleNth('year', 0))),
  ),
  rule('the <ordinal> quarter', [re('the'), p(isOrd(1, 4)), p(isGrainTokOf('quarter'))], (c) =>
    time(cycleNthAfter(true, 'quarter', nAt(c, 1) - 1, cycleNth('year', 0))),
  ),
  rule('<ordinal> quarter <year>', [p(isOrd(1, 4)), p(isGrainTokOf('quarter')), p(isGrainOfTime('year'))], (c) =>
    time(cycleNthAfter(false, 'quarter', nAt(c, 0) - 1, tAt(c, 2))),
  ),
  rule('<day-of-month> of <month-grain time>', [p(isDomValue), re('of(?: the)?'), p(isGrainOfTime('month'))], (c) =>
    time(intersect(dayOfMonth(nAt(c, 0)), notLatent(tAt(c, 2)))),
  ),

  // "the month" in "the last friday of the month": the current one (latent: never alone).
  rule('the <cycle> (current)', [re('the'), p(isGrainTok)], (c) => {
    const g = gAt(c, 1);
    return g === 'day' || g === 'week' ? undefined : time({ ...cycleNth(g, 0), latent: true });
  }),

  // --- weekends, weeks, seasons ---
  rule('weekend', [re('(?:week(?:\\s|-)?end|wkend)s?')], () => time(weekend()), /end/),
  rule('all week / rest of the week', [re('(all|rest of the|the) week')], (c) => {
    const end = cycleNthAfter(true, 'day', -2, cycleNth('week', 1));
    const which = grp(c, 0, 1);
    if (which === 'all') return time(interval(true, cycleNth('week', 0), end));
    const r = interval(false, today(), end);
    return time(which === 'the' ? { ...r, latent: true } : r);
  }, 'week'),
  ...SEASONS.map(([name, words, [m1, d1], [m2, d2]]) =>
    rule(`season ${name}`, [re(words)], () => time(okForThisNext(interval(false, monthDay(m1, d1), monthDay(m2, d2))))),
  ),
  rule('this|next|last season', [re('(this|current|next|last|past|previous) seasons?')], (c) => {
    const n = cycleOffset(grp(c, 0, 1));
    return n === undefined ? undefined : time(predNth(n, false, anySeason()));
  }, 'season'),

  // --- durations relative to now or to a time ---
  rule('in|within|after <duration>', [re('in|within|after'), p(isDur)], (c) => {
    const d = dAt(c, 1);
    switch (grp(c, 0)) {
      case 'within':
        return time(interval(false, now(), inDuration(d)));
      case 'after':
        return time(withDirection(inDuration(d), 'after'));
      default:
        return time(inDuration(d));
    }
  }),
  rule('last|past|next <duration>', [re('(?:the |over the |in the |during the )?(last|past|next|coming|following)'), p(isDur)], (c) => {
    const d = dAt(c, 1);
    if (!Number.isInteger(d.value)) return undefined;
    const w = grp(c, 0, 1);
    return time(cycleN(true, d.grain, w === 'last' || w === 'past' ? -d.value : d.value));
  }),
  rule('<duration> hence|ago', [p(isDur), re('hence|ago|from now|later|earlier|back')], (c) => {
    const d = dAt(c, 0);
    const w = grp(c, 1);
    return time(w === 'ago' || w === 'earlier' || w === 'back' ? durationAgo(d) : inDuration(d));
  }),
  rule('<day> <duration> hence|ago', [p(isGrainOfTime('day', 'month')), p(isDur), re('from now|hence|ago')], (c) => {
    const d = dAt(c, 1);
    return time(intersect(tAt(c, 0), grp(c, 2) === 'ago' ? durationIntervalAgo(d) : inDurationInterval(d)));
  }),
  rule('<day> in <duration>', [p(isGrainOfTime('day', 'month')), re('in'), p(isDurLongerThan('hour'))], (c) =>
    time(intersect(tAt(c, 0), inDurationInterval(dAt(c, 2)))),
  ),
  rule('in <duration> at <time-of-day>', [re('in'), p(isDurLongerThan('hour')), re('at'), p(isTod)], (c) =>
    time(intersect(tAt(c, 3), inDurationInterval(dAt(c, 1)))),
  ),
  rule('in <number> (implicit minutes)', [re('in'), p(isInt(0, 60))], (c) => time(inDuration({ value: nAt(c, 1), grain: 'minute' }))),
  rule('<duration> after|before|from|past <time>', [p(isDur), re('after|before|from|past'), p(isTime)], (c) =>
    time(grp(c, 1) === 'before' ? durationBefore(dAt(c, 0), tAt(c, 2)) : durationAfter(dAt(c, 0), tAt(c, 2))),
  ),
  rule('for <duration> from <time>', [re('for'), p(isDur), re('starting from|starting|beginning|after|from'), p(isTime)], (c) => {
    const t = tAt(c, 3);
    return time(interval(true, t, durationAfter(dAt(c, 1), t)));
  }),
  rule('<time> for <duration>', [p(isNotLatent), re('for'), p(isDur)], (c) => {
    const t = tAt(c, 0);
    return time(interval(true, t, durationAfter(dAt(c, 2), t)));
  }),
  rule('from <time> for <duration>', [re('starting from|starting|beginning|after|from'), p(isNotLatent), re('for'), p(isDur)], (c) => {
    const t = tAt(c, 1);
    return time(interval(true, t, durationAfter(dAt(c, 3), t)));
  }),
];

/** Numbers, ordinals, units ("week"), and durations ("two hours", "half an hour", "30'"). */
import type { Rule } from '../engine';
import { grainRank, type Grain } from '../grain';
import type { Duration } from '../time-data';
import { and, dAt, dur, gAt, grp, isDur, isGrainTok, isInt, nAt, p, re, rule } from './dsl';

const ORDINAL_WORDS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};

const GRAIN_WORDS: readonly [Grain, string][] = [
  ['second', 'seconds?|secs?'],
  ['minute', 'minutes?|mins?'],
  ['hour', 'hours?|hrs?'],
  ['day', 'days?'],
  ['week', 'weeks?|wks?'],
  ['month', 'months?'],
  ['quarter', 'quarters?|qtrs?'],
  ['year', 'years?|yrs?'],
];

/** How a fractional amount of one unit is expressed in the next finer unit. */
const SPLIT: Readonly<Partial<Record<Grain, [Grain, number]>>> = {
  minute: ['second', 60], hour: ['minute', 60], day: ['hour', 24], week: ['day', 7], month: ['day', 30],
  quarter: ['month', 3], year: ['month', 12],
};

/** A whole number of some unit, converting fractions down ("1.5 hours" = 90 minutes). */
export function wholeDuration(value: number, grain: Grain): Duration | undefined {
  if (Number.isInteger(value)) return { value, grain };
  const split = SPLIT[grain];
  if (!split) return undefined;
  const v = value * split[1];
  return Number.isInteger(v) ? { value: v, grain: split[0] } : wholeDuration(v, split[0]);
}

function toUnit(d: Duration, grain: Grain): number | undefined {
  if (d.grain === grain) return d.value;
  const split = SPLIT[d.grain];
  if (!split) return undefined;
  return toUnit({ value: d.value * split[1], grain: split[0] }, grain);
}

/** "2 hours and 30 minutes": only a coarser unit followed by a finer one adds up. */
function addDurations(a: Duration, b: Duration): Duration | undefined {
  if (grainRank(a.grain) <= grainRank(b.grain)) return undefined;
  const va = toUnit(a, b.grain);
  return va === undefined ? undefined : { value: va + b.value, grain: b.grain };
}

export const quantityRules: readonly Rule[] = [
  rule('integer', [re('(\\d+)(?:\\.(\\d+))?')], (c) => {
    const v = Number(grp(c, 0));
    return Number.isFinite(v) ? { kind: 'num', value: v, isInt: grp(c, 0, 2) === '' } : undefined;
  }),
  rule('fraction', [re('([1-3])/([234])')], (c) => {
    const a = Number(grp(c, 0, 1));
    const b = Number(grp(c, 0, 2));
    return a < b ? { kind: 'num', value: a / b, isInt: false } : undefined;
  }),
  rule('couple', [re('(?:an? )?(?:couple|pair)(?: of)?')], () => ({ kind: 'num', value: 2, isInt: true }), /coupl|pair/),
  rule('few', [re('(?:an? )?few')], () => ({ kind: 'num', value: 3, isInt: true }), 'few'),
  rule('dozen', [re('(?:an? )?dozen')], () => ({ kind: 'num', value: 12, isInt: true }), 'dozen'),
  rule('ordinal digits', [re('(\\d+) ?(?:st|nd|rd|th)')], (c) => ({ kind: 'ord', value: Number(grp(c, 0, 1)) })),
  rule(
    'ordinal words',
    [re(Object.keys(ORDINAL_WORDS).sort((a, b) => b.length - a.length).join('|'))],
    (c) => {
      const v = ORDINAL_WORDS[grp(c, 0)];
      return v === undefined ? undefined : { kind: 'ord', value: v };
    },
    /(?:first|second|third|th\b)/,
  ),
  ...GRAIN_WORDS.map(([grain, words]) => rule(`grain ${grain}`, [re(words)], () => ({ kind: 'grain', grain }))),

  // --- durations ---
  rule('<number> <unit>', [p(isInt(0, 1e6)), p(isGrainTok)], (c) => dur({ value: nAt(c, 0), grain: gAt(c, 1) })),
  rule('<decimal> <unit>', [p((d) => d.kind === 'num' && !d.isInt), p(isGrainTok)], (c) => dur(wholeDuration(nAt(c, 0), gAt(c, 1)))),
  rule('a <unit>', [re('an?|one'), p(isGrainTok)], (c) => dur({ value: 1, grain: gAt(c, 1) })),
  rule('half an hour', [re('(?:half an?|half|a half|1/2 an?|1/2) hour|1/2 ?h')], () => dur({ value: 30, grain: 'minute' }), /half|1\/2/),
  rule(
    'quarter of an hour',
    [re('(?:an? |one )?quarter(?: of an?)? hour|1/4 (?:of an? )?hour|1/4 ?h')],
    () => dur({ value: 15, grain: 'minute' }),
    /quarter|1\/4/,
  ),
  rule(
    'three quarters of an hour',
    [re('(?:3|three)[\\s-]quarters? (?:of an? )?hour|3/4 (?:of an? )?hour|3/4 ?h')],
    () => dur({ value: 45, grain: 'minute' }),
    /quarter|3\/4/,
  ),
  rule('<number> more <unit>', [p(isInt(0, 1e6)), re('more|additional|extra'), p(isGrainTok)], (c) => dur({ value: nAt(c, 0), grain: gAt(c, 2) })),
  rule('<number>h', [p(isInt(0, 999)), re('h')], (c) => dur({ value: nAt(c, 0), grain: 'hour' })),
  rule("<duration>'s time", [p(isDur), re("'?s?'? time")], (c) => dur(dAt(c, 0))),
  rule('<number> and a half <unit>', [p(isInt(0, 1e6)), re('and (?:an? )?half'), p(isGrainTok)], (c) =>
    dur(wholeDuration(nAt(c, 0) + 0.5, gAt(c, 2))),
  ),
  rule('<duration> and a half', [p(isDur), re('and (?:an? )?half')], (c) => {
    const d = dAt(c, 0);
    return dur(wholeDuration(d.value + 0.5, d.grain));
  }),
  rule('<duration> <duration>', [p(isDur), p(isDur)], (c) => dur(addDurations(dAt(c, 0), dAt(c, 1)))),
  rule('<duration> and <duration>', [p(isDur), re(',? and|,'), p(isDur)], (c) => dur(addDurations(dAt(c, 0), dAt(c, 2)))),
  rule('fortnight', [re('(?:an? |one )?fortnights?')], () => dur({ value: 14, grain: 'day' }), 'fortnight'),
  rule("<number>' (minutes)", [p(isInt(0, 1e6)), re("'(?!')")], (c) => dur({ value: nAt(c, 0), grain: 'minute' }), "'"),
  rule('<number>" (seconds)', [p(isInt(0, 1e6)), re(`"|''`)], (c) => dur({ value: nAt(c, 0), grain: 'second' }), /"|''/),
  rule('about <duration>', [re('about|around|approximately|roughly|exactly|just|over|at least'), p(and(isDur))], (c) => dur(dAt(c, 1))),
];

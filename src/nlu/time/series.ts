/**
 * Time predicates as interval series, after Duckling's model (facebook/duckling, BSD):
 * a predicate, run at a time t, yields the intervals that match it, split into `past`
 * (descending, wholly before t) and `future` (ascending, the first may contain t).
 * "tuesday", "3pm", "march" and "the first monday of october" are all predicates; composing
 * them (intersection, nth, last-of, intervals, shifts) is how every expression resolves.
 * Sequences are lazy and memoised; every consumer takes a bounded prefix.
 */
import { addGrain, civil, daysInMonth, fields, HOUR_MS, mod, roundGrain, type Civil } from './civil';
import { finerGrain, grainRank, minGrain, type Grain } from './grain';
import { iterate, Lazy, take, takeWhile } from './lazy';
import {
  startsBeforeEndOf,
  timeBefore,
  timeEnd,
  timeInterval,
  timeIntersect,
  timePlus,
  timePlusEnd,
  timeRound,
  timeStartingAtEndOf,
  type TimeObject,
} from './time-object';

export interface SeriesContext {
  readonly ref: TimeObject;
  readonly min: TimeObject;
  readonly max: TimeObject;
  /** UTC offset (minutes) of the reference zone at a civil time, for "8am PST". */
  readonly zoneOffset: (t: Civil) => number;
  /** Civil time to instant and back in the reference zone, for elapsed-time arithmetic. */
  readonly toInstant: (t: Civil) => number;
  readonly toCivil: (instant: number) => { readonly civil: Civil; readonly offset: number };
}

export interface Split {
  readonly past: Lazy;
  readonly future: Lazy;
}

const NOTHING: Split = { past: Lazy.EMPTY, future: Lazy.EMPTY };


function sequence(grain: Grain, step: number, anchor: TimeObject): Split {
  return {
    past: new Lazy(iterate(timePlus(anchor, grain, -step), (t) => timePlus(t, grain, -step))),
    future: new Lazy(iterate(anchor, (t) => timePlus(t, grain, step))),
  };
}

// ---------------------------------------------------------------------------------------------
// Predicates

export type AmPm = 'am' | 'pm';

export interface Fields {
  readonly second?: number;
  readonly minute?: number;
  readonly hour?: { readonly is12H: boolean; readonly h: number };
  readonly ampm?: AmPm;
  readonly dow?: number;
  readonly dom?: number;
  readonly month?: number;
  readonly year?: number;
}

export type SeriesFn = (t: TimeObject, ctx: SeriesContext) => Split;

export type Predicate =
  | { readonly k: 'empty' }
  | { readonly k: 'fields'; readonly f: Fields }
  | { readonly k: 'series'; readonly run: SeriesFn }
  | { readonly k: 'and'; readonly a: Predicate; readonly b: Predicate };

export const EMPTY_PRED: Predicate = { k: 'empty' };

export function fieldsPred(f: Fields): Predicate {
  return { k: 'fields', f };
}

export function seriesPred(run: SeriesFn): Predicate {
  return { k: 'series', run };
}

/** Intersection; `a` should be the finer predicate. Field predicates unify directly. */
export function andPred(a: Predicate, b: Predicate): Predicate {
  if (a.k === 'empty' || b.k === 'empty') return EMPTY_PRED;
  if (a.k === 'fields' && b.k === 'fields') {
    const merged: Record<string, unknown> = { ...a.f };
    for (const [key, v] of Object.entries(b.f)) {
      const cur = merged[key];
      if (cur === undefined) merged[key] = v;
      else if (JSON.stringify(cur) !== JSON.stringify(v)) return EMPTY_PRED;
    }
    return { k: 'fields', f: merged as Fields };
  }
  return { k: 'and', a, b };
}

export function runPredicate(p: Predicate): SeriesFn {
  switch (p.k) {
    case 'empty':
      return () => NOTHING;
    case 'series':
      return p.run;
    case 'and':
      return compose(runPredicate(p.a), runPredicate(p.b));
    case 'fields': {
      const f = p.f;
      const parts: SeriesFn[] = [];
      if (f.second !== undefined) parts.push(secondSeries(f.second));
      if (f.minute !== undefined) parts.push(minuteSeries(f.minute));
      if (f.hour !== undefined) parts.push(hourSeries(f.hour.is12H, f.hour.h));
      if (f.ampm !== undefined) parts.push(ampmSeries(f.ampm));
      if (f.dow !== undefined) parts.push(dowSeries(f.dow));
      if (f.dom !== undefined) parts.push(domSeries(f.dom));
      if (f.month !== undefined) parts.push(monthSeries(f.month));
      if (f.year !== undefined) parts.push(yearSeries(f.year));
      if (parts.length === 0) return () => NOTHING;
      return parts.reduceRight((acc, fn) => compose(fn, acc));
    }
  }
}

// Bounds on how far compositions look, as in Duckling: enough for calendars, never unbounded.
const SAFE_MAX = 10;
const SAFE_MAX_INTERVAL = 12;

/** Occurrences of `fine` inside each occurrence of `coarse`. */
function compose(fine: SeriesFn, coarse: SeriesFn): SeriesFn {
  return (now, ctx) => {
    const { past, future } = coarse(now, ctx);
    const inside = (outer: Iterable<TimeObject>): Lazy =>
      new Lazy(
        (function* () {
          for (const t1 of take(outer, SAFE_MAX)) {
            const fixed: SeriesContext = { ...ctx, min: t1, max: t1 };
            const end1 = timeEnd(t1);
            for (const t2 of fine(t1, fixed).future) {
              if (!(t2.start < end1)) break;
              const x = timeIntersect(t1, t2);
              if (x) yield x;
            }
          }
        })(),
      );
    return {
      past: inside(takeWhile(past, (t) => startsBeforeEndOf(ctx.min, t))),
      future: inside(takeWhile(future, (t) => startsBeforeEndOf(t, ctx.max))),
    };
  };
}

function secondSeries(n: number): SeriesFn {
  return (t) => {
    const s = fields(t.start).second;
    return sequence('minute', 1, timePlus(timeRound(t, 'second'), 'second', mod(n - s, 60)));
  };
}

function minuteSeries(n: number): SeriesFn {
  return (t) => {
    const m = fields(t.start).minute;
    return sequence('hour', 1, timePlus(timeRound(t, 'minute'), 'minute', mod(n - m, 60)));
  };
}

function hourSeries(is12H: boolean, n: number): SeriesFn {
  const step = is12H && n <= 12 ? 12 : 24;
  return (t) => {
    const h = fields(t.start).hour;
    return sequence('hour', step, timePlus(timeRound(t, 'hour'), 'hour', mod(n - h, step)));
  };
}

function ampmSeries(ampm: AmPm): SeriesFn {
  return (t) => {
    const day = roundGrain(t.start, 'day');
    const anchorStart = day + (ampm === 'am' ? 0 : 12 * HOUR_MS);
    const anchor: TimeObject = { start: anchorStart, grain: 'hour', end: anchorStart + 12 * HOUR_MS };
    const today: TimeObject = { start: t.start, grain: 'day' };
    const shrinkFirst = (seq: Iterable<TimeObject>): Lazy =>
      new Lazy(
        (function* () {
          let first = true;
          for (const x of seq) {
            if (first) {
              first = false;
              const i = timeIntersect(today, x);
              if (i) yield i;
              continue;
            }
            yield x;
          }
        })(),
      );
    return {
      past: shrinkFirst(iterate(anchor, (x) => timePlusEnd(x, 'hour', -24))),
      future: shrinkFirst(iterate(anchor, (x) => timePlusEnd(x, 'hour', 24))),
    };
  };
}

function dowSeries(n: number): SeriesFn {
  return (t) => {
    const d = fields(t.start).dow;
    return sequence('day', 7, timePlus(timeRound(t, 'day'), 'day', mod(n - d, 7)));
  };
}

function domSeries(n: number): SeriesFn {
  return (t) => {
    const rounded = timeRound(t, 'month');
    const anchor = fields(t.start).day <= n ? rounded : timePlus(rounded, 'month', 1);
    const enough = (x: TimeObject): boolean => {
      const f = fields(x.start);
      return n <= daysInMonth(f.year, f.month);
    };
    const addDays = (x: TimeObject): TimeObject => timePlus(x, 'day', n - 1);
    const months = (first: TimeObject, dir: number): Lazy =>
      new Lazy(
        (function* () {
          let x = first;
          // A day that never exists (31 in a run of short months) cannot loop forever.
          for (let guard = 0; guard < 2400; guard++) {
            if (enough(x)) yield addDays(x);
            x = timePlus(x, 'month', dir);
          }
        })(),
      );
    return { past: months(timePlus(anchor, 'month', -1), -1), future: months(anchor, 1) };
  };
}

function monthSeries(n: number): SeriesFn {
  return (t) => {
    const rounded = timePlus(timeRound(t, 'year'), 'month', n - 1);
    const anchor = startsBeforeEndOf(t, rounded) ? rounded : timePlus(rounded, 'year', 1);
    return sequence('year', 1, anchor);
  };
}

/** Two-digit years read as 1950-2049. */
export function expandYear(n: number): number {
  return n <= 99 && n >= 0 ? mod(n + 50, 100) + 1950 : n;
}

function yearSeries(year: number): SeriesFn {
  return (t) => {
    const ty = fields(t.start).year;
    const y: TimeObject = { start: civil(year, 1, 1), grain: 'year' };
    return ty <= year ? { past: Lazy.EMPTY, future: new Lazy([y]) } : { past: new Lazy([y]), future: Lazy.EMPTY };
  };
}

/** All units of a grain: ..., last week, this week, next week, ... */
export function cycleSeries(grain: Grain): SeriesFn {
  return (t) => sequence(grain, 1, timeRound(t, grain));
}

function single(t: TimeObject, x: TimeObject | undefined): Split {
  if (!x) return NOTHING;
  return startsBeforeEndOf(t, x) ? { past: Lazy.EMPTY, future: new Lazy([x]) } : { past: new Lazy([x]), future: Lazy.EMPTY };
}

/** n-th occurrence relative to the reference time (-1: the last before it, 0: the next/current). */
export function takeNth(n: number, notImmediate: boolean, f: SeriesFn): SeriesFn {
  return (t, ctx) => {
    const base = ctx.ref;
    const { past, future } = f(base, ctx);
    let x: TimeObject | undefined;
    if (n >= 0) {
      const ahead = future.at(0);
      const skip = notImmediate && ahead !== undefined && timeIntersect(ahead, base) !== undefined;
      x = future.at(skip ? n + 1 : n);
    } else {
      x = past.at(-(n + 1));
    }
    return single(t, x);
  };
}

/** The span of n occurrences from the reference time ("next 3 weeks", "last 2 days"). */
export function takeN(n: number, notImmediate: boolean, f: SeriesFn): SeriesFn {
  return (t, ctx) => {
    const base = ctx.ref;
    const { past, future } = f(base, ctx);
    let x: TimeObject | undefined;
    if (n >= 0) {
      const ahead = future.at(0);
      const fut = notImmediate && ahead !== undefined && timeIntersect(ahead, base) !== undefined ? future.drop(1) : future;
      const first = fut.at(0);
      const last = fut.at(n);
      if (first && last) x = timeInterval(false, first, last);
    } else {
      const last = past.at(0);
      const first = past.at(-n - 1);
      if (first && last) x = timeInterval(true, first, last);
    }
    return single(t, x);
  };
}

/**
 * Applies `f` to each interval of `g`, then re-splits the results around now. The results of
 * `f` need not keep the order or the past/future side of their source intervals. Lazy, like
 * the Haskell original: only the elements a caller asks for are computed, which keeps nested
 * constructions ("the last day of the 3rd week of ...") from multiplying their work.
 */
export function seqMap(
  dontReverse: boolean,
  f: (t: TimeObject, ctx: SeriesContext) => TimeObject | undefined,
  g: SeriesFn,
): SeriesFn {
  return (now, ctx) => {
    const first = g(now, ctx);
    const mapped = (src: Lazy): Lazy =>
      new Lazy(
        (function* () {
          for (const x of take(src, SAFE_MAX_INTERVAL)) {
            const y = f(x, ctx);
            if (y) yield y;
          }
        })(),
      );
    const past1 = mapped(first.past);
    const future1 = mapped(first.future);
    const notBefore = (x: TimeObject): boolean => startsBeforeEndOf(now, x);
    // Leading results of the past series that landed at or after now belong to the future...
    const newFuture: TimeObject[] = [];
    let k = 0;
    for (let x = past1.at(0); x && notBefore(x); x = past1.at(++k)) newFuture.push(x);
    // ...and leading results of the future series that landed before now, to the past.
    const newPast: TimeObject[] = [];
    let j = 0;
    for (let x = future1.at(0); x && !notBefore(x); x = future1.at(++j)) newPast.push(x);
    const rev = (xs: TimeObject[]): TimeObject[] => (dontReverse ? xs : xs.reverse());
    const pastHead = rev(newPast);
    const futureHead = rev(newFuture);
    return {
      past: new Lazy(
        (function* () {
          yield* pastHead;
          yield* takeWhile(past1.drop(k), (x) => startsBeforeEndOf(ctx.min, x));
        })(),
      ),
      future: new Lazy(
        (function* () {
          yield* futureHead;
          yield* takeWhile(future1.drop(j), (x) => startsBeforeEndOf(x, ctx.max));
        })(),
      ),
    };
  };
}

/** The n-th cycle occurrence after (n >= 0) or before (n < 0) each occurrence of `base`. */
export function takeNthAfter(n: number, notImmediate: boolean, cyclic: SeriesFn, base: SeriesFn): SeriesFn {
  return seqMap(
    false,
    (t, ctx) => {
      const { past, future } = cyclic(t, ctx);
      if (n >= 0) {
        const ahead = future.at(0);
        const skip = notImmediate && ahead !== undefined && timeBefore(ahead, t);
        return future.at(skip ? n + 1 : n);
      }
      return past.at(-(n + 1));
    },
    base,
  );
}

/** The last occurrence of `cyclic` inside each occurrence of `base` ("last friday of october"). */
export function takeLastOf(cyclic: SeriesFn, base: SeriesFn): SeriesFn {
  return seqMap(false, (t, ctx) => cyclic(timeStartingAtEndOf(t), ctx).past.at(0), base);
}

/** Intervals from each occurrence of `from` to the first following occurrence of `to`. */
export function intervalsSeries(outer: boolean, from: SeriesFn, to: SeriesFn): SeriesFn {
  return seqMap(
    true,
    (seg, ctx) => {
      // The end is the first occurrence not before the start (a clock time's series can begin
      // a few minutes back, within the current hour), so no range runs backwards.
      const ends = to(seg, ctx).future;
      let x = ends.at(0);
      for (let i = 1; x && x.start < seg.start && i < 4; i++) x = ends.at(i);
      return x && x.start >= seg.start ? timeInterval(outer, seg, x) : undefined;
    },
    from,
  );
}

/**
 * Shifts each occurrence by a duration, rounding first to the grain below the duration's
 * ("in 3 days" from 04:30 is 04:00 three days on). With `keepFiner`, an occurrence already
 * finer than that grain keeps its precision ("a day from right now" is 04:30 tomorrow).
 * Hours, minutes and seconds are elapsed time (across a DST change "in 2 hours" is two real
 * hours); days and longer keep the wall clock.
 */
export function shiftSeries(f: SeriesFn, value: number, grain: Grain, keepFiner: boolean): SeriesFn {
  const base: Grain = grain === 'second' ? 'second' : grain === 'year' ? 'month' : grain === 'month' ? 'day' : finerGrain(grain);
  const elapsed = grain === 'second' || grain === 'minute' || grain === 'hour';
  const shift = (x: TimeObject, ctx: SeriesContext): TimeObject => {
    const roundTo = keepFiner && grainRank(x.grain) < grainRank(base) ? x.grain : base;
    const rounded = timeRound(x, roundTo);
    if (!elapsed) return timePlus(rounded, grain, value);
    const { civil: c, offset } = ctx.toCivil(ctx.toInstant(rounded.start) + addGrain(0, grain, value));
    return { start: c, grain: minGrain(rounded.grain, grain), offset };
  };
  // Each occurrence keeps its side of now: "2 weeks from monday" is next Monday plus two
  // weeks, not last Monday's shifted copy that happens to land after now.
  return (now, ctx) => {
    const { past, future } = f(now, ctx);
    const map = (s: Lazy): Lazy =>
      new Lazy(
        (function* () {
          for (const x of take(s, SAFE_MAX_INTERVAL)) yield shift(x, ctx);
        })(),
      );
    return { past: map(past), future: map(future) };
  };
}

/** Reads wall-clock times given in another zone (UTC offset in minutes) as local ones. */
export function shiftToZone(f: SeriesFn, offsetMinutes: number): SeriesFn {
  return seqMap(false, (x, ctx) => timePlus(x, 'minute', ctx.zoneOffset(x.start) - offsetMinutes), f);
}

/**
 * The n-th closest occurrence of `target` to each occurrence of `anchor`
 * ("the closest xmas to today", "the second closest monday to october 5th").
 */
export function takeNthClosest(n: number, target: SeriesFn, anchor: SeriesFn): SeriesFn {
  return seqMap(
    false,
    (t, ctx) => {
      const { past, future } = target(t, ctx);
      const candidates = [...take(past, n + 2), ...take(future, n + 2)];
      const mid = (x: TimeObject): number => x.start;
      const ref = t.start;
      candidates.sort((a, b) => Math.abs(mid(a) - ref) - Math.abs(mid(b) - ref) || a.start - b.start);
      return candidates[n];
    },
    anchor,
  );
}

/** A series from the occurrences in each calendar year (holidays, seasons); sorted per year. */
export function yearlySeries(inYear: (year: number) => readonly TimeObject[]): SeriesFn {
  return (t) => {
    const y0 = fields(t.start).year;
    const future = new Lazy(
      (function* () {
        for (let y = y0 - 1; y <= y0 + 400; y++) {
          for (const x of inYear(y)) if (startsBeforeEndOf(t, x)) yield x;
        }
      })(),
    );
    const past = new Lazy(
      (function* () {
        for (let y = y0 + 1; y >= y0 - 400; y--) {
          const xs = inYear(y);
          for (let i = xs.length - 1; i >= 0; i--) if (!startsBeforeEndOf(t, xs[i]!)) yield xs[i]!;
        }
      })(),
    );
    return { past, future };
  };
}

/**
 * A span of civil time: a value of some grain (one unit from `start`) or an interval with an
 * exclusive `end`, and the operations the series combinators are built from.
 */
import { addGrain, roundGrain, type Civil } from './civil';
import { minGrain, type Grain } from './grain';

export interface TimeObject {
  readonly start: Civil;
  readonly grain: Grain;
  /** Exclusive end of an interval; a plain value spans one unit of its grain. */
  readonly end?: Civil;
  /** For closed intervals ("3-4pm"), the start of the closing value (16:00), kept for callers. */
  readonly innerEnd?: Civil;
  /** UTC offset (minutes) when the time was computed as an instant: a repeated hour at a DST fallback. */
  readonly offset?: number;
}

export function timeEnd(t: TimeObject): Civil {
  return t.end ?? addGrain(t.start, t.grain, 1);
}

export function timePlus(t: TimeObject, grain: Grain, n: number): TimeObject {
  return { start: addGrain(t.start, grain, n), grain: minGrain(t.grain, grain) };
}

export function timePlusEnd(t: TimeObject, grain: Grain, n: number): TimeObject {
  return {
    start: addGrain(t.start, grain, n),
    grain: minGrain(t.grain, grain),
    ...(t.end !== undefined ? { end: addGrain(t.end, grain, n) } : {}),
  };
}

export function timeRound(t: TimeObject, grain: Grain): TimeObject {
  return { start: roundGrain(t.start, grain), grain };
}

export function startsBeforeEndOf(a: TimeObject, b: TimeObject): boolean {
  return a.start < timeEnd(b);
}

export function timeBefore(a: TimeObject, b: TimeObject): boolean {
  return a.start < b.start;
}

export function timeInterval(outer: boolean, a: TimeObject, b: TimeObject): TimeObject {
  return {
    start: a.start,
    grain: minGrain(a.grain, b.grain),
    end: outer ? timeEnd(b) : b.start,
    ...(outer ? { innerEnd: b.start } : {}),
  };
}

export function timeStartingAtEndOf(t: TimeObject): TimeObject {
  return { start: timeEnd(t), grain: t.grain };
}

/** Overlap of two time objects; keeps the finer grain, prefers an interval on equal ranges. */
export function timeIntersect(a: TimeObject, b: TimeObject): TimeObject | undefined {
  if (a.start > b.start) return timeIntersect(b, a);
  const e1 = timeEnd(a);
  const e2 = timeEnd(b);
  if (e1 <= b.start) return undefined;
  const grain = minGrain(a.grain, b.grain);
  if (e1 < e2 || (a.start === b.start && e1 === e2 && a.end !== undefined)) {
    return a.end !== undefined ? { start: b.start, end: a.end, grain } : { start: b.start, grain };
  }
  return { ...b, grain };
}

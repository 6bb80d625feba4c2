/**
 * chrono-node as a source of leaves for the grammar. chrono reads written formats well
 * ("2013-09-21T13:30:00Z", "21.09.2013", "Sat, 21 Sep 2013 13:30 GMT"); its readings of words
 * ("next tuesday", "this morning") differ from the calendar conventions of our grammar, so only
 * results written with digits are taken, at the precision chrono was certain of, and they rank
 * below a grammar reading of the same span.
 */
import * as chrono from 'chrono-node';
import { fields, roundGrain, type Civil } from './civil';
import type { Seed } from './engine';
import type { Grain } from './grain';
import { Lazy } from './lazy';
import { seriesPred } from './series';
import { startsBeforeEndOf, type TimeObject } from './time-object';
import { td } from './time-data';
import { instantToCivil, type TimeZone } from './zone';

export const CHRONO_RULE = 'chrono-node';

type Component = 'year' | 'month' | 'day' | 'weekday' | 'hour' | 'minute' | 'second';

/** The finest component chrono stated (not implied) in the text. */
function statedGrain(c: chrono.ParsedComponents): Grain | undefined {
  const order: [Component, Grain][] = [
    ['second', 'second'], ['minute', 'minute'], ['hour', 'hour'], ['day', 'day'], ['weekday', 'day'], ['month', 'month'], ['year', 'year'],
  ];
  for (const [k, g] of order) if (c.isCertain(k)) return g;
  return undefined;
}

function fixed(obj: TimeObject) {
  return seriesPred((t) =>
    startsBeforeEndOf(t, obj) ? { past: Lazy.EMPTY, future: new Lazy([obj]) } : { past: new Lazy([obj]), future: Lazy.EMPTY },
  );
}

export function chronoSeeds(text: string, instant: number, zone: TimeZone): Seed[] {
  if (!/\d/.test(text)) return [];
  const offset = zone.offsetAt(instant);
  let results: chrono.ParsedResult[];
  try {
    results = chrono.parse(text, { instant: new Date(instant), timezone: offset });
  } catch {
    return [];
  }
  const seeds: Seed[] = [];
  for (const r of results) {
    if (!/\d/.test(r.text)) continue;
    const grain = statedGrain(r.start);
    if (!grain) continue;
    const civilOf = (d: Date): Civil => roundGrain(instantToCivil(d.getTime(), zone), grain);
    const start = civilOf(r.start.date());
    const endGrain = r.end ? statedGrain(r.end) : undefined;
    const obj: TimeObject =
      r.end && endGrain ? { start, grain: grain === endGrain ? grain : 'second', end: civilOf(r.end.date()) } : { start, grain };
    if (obj.end !== undefined && obj.end <= obj.start) continue;
    if (!Number.isFinite(fields(start).year)) continue;
    seeds.push({ start: r.index, end: r.index + r.text.length, data: { kind: 'time', t: td(fixed(obj), grain) }, rule: CHRONO_RULE });
  }
  return seeds;
}

/**
 * One rule for all named days. A single alternation finds where some holiday name starts (one
 * scan of the text, not one per holiday); every holiday pattern is then tried at those places,
 * so "new years eve" yields both "new years" and the longer "new years eve".
 */
import { isRegex, scan, type RegexMatch, type Rule } from '../engine';
import { HOLIDAYS, holidayTime, type Holiday } from '../holidays';
import type { TimeData } from '../time-data';
import { rule, time } from './dsl';

const FINDER = new RegExp(HOLIDAYS.map((h) => `(?:${h.pattern})`).join('|'), 'gi');
const STICKY = HOLIDAYS.map((h) => new RegExp(h.pattern, 'iy'));
const built = new Map<string, TimeData>();

function timeOf(h: Holiday): TimeData {
  let t = built.get(h.name);
  if (!t) built.set(h.name, (t = holidayTime(h)));
  return t;
}

function scanHolidays(text: string): RegexMatch[] {
  const out: RegexMatch[] = [];
  const starts = new Set<number>();
  FINDER.lastIndex = 0;
  for (const m of text.matchAll(FINDER)) starts.add(m.index);
  for (const start of starts) {
    STICKY.forEach((re, i) => {
      re.lastIndex = start;
      const m = re.exec(text);
      // groups[1] carries the holiday's index for the production.
      if (m && m[0].length > 0) out.push({ kind: 'regex', start, end: start + m[0].length, groups: [m[0], String(i)] });
    });
  }
  return out;
}

export const holidayRules: readonly Rule[] = [
  rule('holiday', [scan(scanHolidays)], (c) => {
    const m = c[0];
    const h = isRegex(m) ? HOLIDAYS[Number(m.groups[1])] : undefined;
    return h ? time(timeOf(h)) : undefined;
  }),
];

/** Small helpers that keep the grammar files declarative. */
import { isRegex, isToken, type Child, type Item, type Rule, type TokenData } from '../engine';
import { grainRank, type Grain } from '../grain';
import type { Duration, TimeData } from '../time-data';

export { p, re } from '../engine';

export function rule(name: string, items: readonly Item[], prod: (c: readonly Child[]) => TokenData | undefined, hint?: string | RegExp): Rule {
  if (hint === undefined) return { name, items, prod };
  const test = typeof hint === 'string' ? (s: string) => s.includes(hint) : (s: string) => hint.test(s);
  return { name, items, prod, hint: test };
}

export const time = (t: TimeData | undefined): TokenData | undefined => (t ? { kind: 'time', t } : undefined);
export const dur = (d: Duration | undefined): TokenData | undefined => (d ? { kind: 'dur', dur: d } : undefined);

// --- reading children ------------------------------------------------------------------------

export function tAt(c: readonly Child[], i: number): TimeData {
  const x = c[i];
  if (isToken(x) && x.data.kind === 'time') return x.data.t;
  throw new Error(`child ${i} is not a time`);
}

export function nAt(c: readonly Child[], i: number): number {
  const x = c[i];
  if (isToken(x) && (x.data.kind === 'num' || x.data.kind === 'ord')) return x.data.value;
  throw new Error(`child ${i} is not a number`);
}

export function dAt(c: readonly Child[], i: number): Duration {
  const x = c[i];
  if (isToken(x) && x.data.kind === 'dur') return x.data.dur;
  throw new Error(`child ${i} is not a duration`);
}

export function gAt(c: readonly Child[], i: number): Grain {
  const x = c[i];
  if (isToken(x) && x.data.kind === 'grain') return x.data.grain;
  throw new Error(`child ${i} is not a grain`);
}

/** Regex group `g` of child `i`, lower-cased ('' when absent). */
export function grp(c: readonly Child[], i: number, g = 0): string {
  const x = c[i];
  if (isRegex(x)) return (x.groups[g] ?? '').toLowerCase();
  return '';
}

// --- token predicates ------------------------------------------------------------------------

export const isTime = (d: TokenData): boolean => d.kind === 'time';
export const isNotLatent = (d: TokenData): boolean => d.kind === 'time' && !d.t.latent;
export const isDur = (d: TokenData): boolean => d.kind === 'dur';
export const isGrainTok = (d: TokenData): boolean => d.kind === 'grain';
export const isGrainTokOf = (g: Grain) => (d: TokenData): boolean => d.kind === 'grain' && d.grain === g;

export const isInt = (lo: number, hi: number) => (d: TokenData): boolean =>
  d.kind === 'num' && d.isInt && d.value >= lo && d.value <= hi;
export const isOrd = (lo: number, hi: number) => (d: TokenData): boolean => d.kind === 'ord' && d.value >= lo && d.value <= hi;
export const isNumOrOrd = (lo: number, hi: number) => (d: TokenData): boolean =>
  (d.kind === 'ord' || (d.kind === 'num' && d.isInt)) && d.value >= lo && d.value <= hi;
export const isDomValue = isNumOrOrd(1, 31);

export const isTod = (d: TokenData): boolean => d.kind === 'time' && d.t.form?.k === 'tod';
export const isNotLatentTod = (d: TokenData): boolean => isTod(d) && isNotLatent(d);
/** An hour without minutes ("3", "noon"): what "quarter past" and "<hour> 30" attach to. */
export const isHourOfDay = (d: TokenData): boolean =>
  d.kind === 'time' && d.t.form?.k === 'tod' && d.t.form.hours !== undefined && grainRank(d.t.grain) > grainRank('minute');
export const isDow = (d: TokenData): boolean => d.kind === 'time' && d.t.form?.k === 'dow';
export const isMonth = (d: TokenData): boolean => d.kind === 'time' && d.t.form?.k === 'month';
export const isPod = (d: TokenData): boolean => d.kind === 'time' && d.t.form?.k === 'pod';
export const isOkForThisNext = (d: TokenData): boolean => d.kind === 'time' && d.t.okForThisNext;
export const isGrainOfTime = (...gs: Grain[]) => (d: TokenData): boolean => d.kind === 'time' && gs.includes(d.t.grain);
export const isFinerThan = (g: Grain) => (d: TokenData): boolean => d.kind === 'time' && grainRank(d.t.grain) < grainRank(g);
export const isDurLongerThan = (g: Grain) => (d: TokenData): boolean => d.kind === 'dur' && grainRank(d.dur.grain) > grainRank(g);

export const and = (...fs: ((d: TokenData) => boolean)[]) => (d: TokenData): boolean => fs.every((f) => f(d));
export const or = (...fs: ((d: TokenData) => boolean)[]) => (d: TokenData): boolean => fs.some((f) => f(d));

/** Interval joiners between two times. */
export const RANGE_SEP = '\\-|–|through|thru|to|(?:un)?till?';

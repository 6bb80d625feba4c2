import { describe, expect, it } from 'vitest';
import { normalizeSpoken } from './normalize';
import { applyEdits } from './offset-map';
import { readNumberWords } from './number-words';

const norm = (s: string): string => normalizeSpoken(s).text;

describe('normalizeSpoken: numbers', () => {
  it.each([
    ['twenty one', '21'],
    ['one hundred and five people', '105 people'],
    ['two thousand eighteen', '2018'],
    ['nineteen eighty four', '1984'],
    ['twenty twenty five', '2025'],
    ['nineteen oh five', '1905'],
    ['the twenty first of march', 'the 21st of march'],
    ['the third', 'the 3rd'],
    ['twenty-second', '22nd'],
    ['the second tuesday', 'the 2nd tuesday'],
    ['Tuesday the Nineteenth', 'Tuesday the 19th'],
    ['october second', 'october 2nd'],
    ['twelveth july', '12th july'],
  ])('%s -> %s', (input, expected) => {
    expect(norm(input)).toBe(expected);
  });

  it('keeps "second" as a unit where it is not an ordinal', () => {
    expect(norm('in a second')).toBe('in a second');
    expect(norm('wait one second')).toBe('wait 1 second');
  });

  it('does not join two units into one number', () => {
    expect(norm('two three')).toBe('2 3');
  });

  it('leaves text without numbers untouched, case and punctuation included', () => {
    const s = 'Laughing out loud, Priya!';
    expect(norm(s)).toBe(s);
  });
});

describe('normalizeSpoken: clock times', () => {
  it.each([
    ['five thirty pm', '5:30 pm'],
    ['seven thirty p.m.', '7:30 p.m.'],
    ['four twenty-three a m', '4:23 a m'],
    ['meet at ten fifteen', 'meet at 10:15'],
    ['twelve o three', '12:03'],
    ['five oh five', '5:05'],
    ['a quarter past two', '2:15'],
    ['half past six tomorrow', '6:30 tomorrow'],
    ['quarter to noon', '11:45'],
    ['a quarter to one', '12:45'],
    ['ten past five', '5:10'],
    ['five minutes to three', '2:55'],
    ['from five thirty to six forty five', 'from 5:30 to 6:45'],
  ])('%s -> %s', (input, expected) => {
    expect(norm(input)).toBe(expected);
  });

  it('does not read ranges or counts as clock times', () => {
    expect(norm('from five to seven')).toBe('from 5 to 7');
    expect(norm('five thirty people')).toBe('5 30 people');
    expect(norm('a quarter of an hour')).toBe('a quarter of an hour');
  });

  it('rewrites noon and midnight only on request', () => {
    expect(norm('at noon')).toBe('at noon');
    expect(normalizeSpoken('at noon or midnight', { noonMidnight: true }).text).toBe('at 12:00 pm or 12:00 am');
    expect(normalizeSpoken('five thirty pm', { clock: false }).text).toBe('5 30 pm');
  });
});

describe('normalizeSpoken: offsets back to the original', () => {
  it('maps spans of rewritten text onto the original words', () => {
    const original = 'lunch at five thirty pm tomorrow';
    const n = normalizeSpoken(original);
    const i = n.text.indexOf('5:30');
    const span = n.toOriginalSpan(i, i + 4);
    expect(original.slice(span.start, span.end)).toBe('five thirty');
    const t = n.text.indexOf('tomorrow');
    const span2 = n.toOriginalSpan(t, t + 'tomorrow'.length);
    expect(original.slice(span2.start, span2.end)).toBe('tomorrow');
    expect(n.toOriginal(n.text.length)).toBe(original.length);
    expect(n.toOriginal(0)).toBe(0);
  });

  it('maps every index monotonically into the original', () => {
    const original = 'on the twenty first of march at a quarter past two for one hundred and five minutes';
    const n = normalizeSpoken(original);
    let prev = 0;
    for (let i = 0; i <= n.text.length; i++) {
      const o = n.toOriginal(i);
      expect(o).toBeGreaterThanOrEqual(prev);
      expect(o).toBeLessThanOrEqual(original.length);
      prev = o;
    }
  });

  it('composes with further edits (a filler-removal pass) back to the first original', () => {
    const original = 'um schedule it at uh five thirty pm';
    const n = normalizeSpoken(original);
    const fillers = [...n.text.matchAll(/\b(?:um|uh) /g)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: '' }));
    const cleaned = applyEdits(n, fillers);
    expect(cleaned.text).toBe('schedule it at 5:30 pm');
    const i = cleaned.text.indexOf('5:30 pm');
    const span = cleaned.toOriginalSpan(i, i + '5:30 pm'.length);
    expect(original.slice(span.start, span.end)).toBe('five thirty pm');
    expect(cleaned.original).toBe(original);
  });

  it('rejects overlapping edits', () => {
    expect(() =>
      applyEdits('abcdef', [
        { start: 0, end: 3, text: 'x' },
        { start: 2, end: 4, text: 'y' },
      ]),
    ).toThrow(RangeError);
  });
});

describe('readNumberWords', () => {
  it('reads scales and stops at a second unit', () => {
    const words = 'three hundred thousand two'.split(' ').map((lower) => ({ lower }));
    expect(readNumberWords(words, 0, () => true)?.value).toBe(300002);
    const units = 'two three'.split(' ').map((lower) => ({ lower }));
    expect(readNumberWords(units, 0, () => true)).toMatchObject({ value: 2, next: 1 });
  });
});

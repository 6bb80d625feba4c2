/**
 * English number words ("twenty first", "two thousand eighteen", "one hundred and five") read
 * from a list of words. Pure and allocation-light: the normaliser calls it at every word.
 */

export interface WordLike {
  /** Lower-case word. */
  readonly lower: string;
}

export interface NumberWordReading {
  readonly value: number;
  readonly ordinal: boolean;
  /** Index of the first word after the number. */
  readonly next: number;
  /** Shape of the last word read; lets callers tell "twenty" from "twenty one". */
  readonly lastKind: WordKind;
  /** How many words were read. */
  readonly words: number;
}

export type WordKind = 'unit' | 'teen' | 'tens' | 'hundred' | 'scale';

interface Entry {
  readonly value: number;
  readonly kind: WordKind;
  readonly ordinal: boolean;
}

const TABLE = new Map<string, Entry>();
function put(words: string, start: number, kind: WordKind, ordinal: boolean, step = 1): void {
  words.split(' ').forEach((w, i) => TABLE.set(w, { value: start + i * step, kind, ordinal }));
}
put('zero one two three four five six seven eight nine', 0, 'unit', false);
put('ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen', 10, 'teen', false);
put('twenty thirty forty fifty sixty seventy eighty ninety', 20, 'tens', false, 10);
TABLE.set('fourty', { value: 40, kind: 'tens', ordinal: false });
// Spellings that transcribers and typists produce often enough to be worth reading.
TABLE.set('nineth', { value: 9, kind: 'unit', ordinal: true });
TABLE.set('twelveth', { value: 12, kind: 'teen', ordinal: true });
put('first second third fourth fifth sixth seventh eighth ninth', 1, 'unit', true);
put('tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth', 10, 'teen', true);
put('twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth', 20, 'tens', true, 10);
TABLE.set('hundred', { value: 100, kind: 'hundred', ordinal: false });
TABLE.set('hundredth', { value: 100, kind: 'hundred', ordinal: true });
TABLE.set('thousand', { value: 1000, kind: 'scale', ordinal: false });
TABLE.set('thousandth', { value: 1000, kind: 'scale', ordinal: true });
TABLE.set('million', { value: 1_000_000, kind: 'scale', ordinal: false });

export function numberWordEntry(lower: string): Entry | undefined {
  return TABLE.get(lower);
}

/** True for words that can be part of a spelled-out number. */
export function isNumberWord(lower: string): boolean {
  return TABLE.has(lower);
}

/**
 * Reads the longest well-formed number starting at `words[i]`. `canJoin(j)` says whether
 * words j-1 and j are close enough to belong to one number (only blanks or a hyphen between).
 * "two three" reads as 2 (then 3): two units never join; "twenty" + "one" does.
 */
export function readNumberWords(
  words: readonly WordLike[],
  i: number,
  canJoin: (j: number) => boolean,
): NumberWordReading | undefined {
  let total = 0;
  let current = 0;
  let last: WordKind | undefined;
  let ordinal = false;
  let j = i;
  let readAny = false;
  while (j < words.length) {
    if (j > i && !canJoin(j)) break;
    const w = words[j]!.lower;
    if (w === 'and' && (last === 'hundred' || last === 'scale')) {
      const next = words[j + 1] ? TABLE.get(words[j + 1]!.lower) : undefined;
      if (!next || next.kind === 'hundred' || next.kind === 'scale' || !canJoin(j + 1)) break;
      j += 1;
      continue;
    }
    const e = TABLE.get(w);
    if (!e) break;
    // "zero" only stands alone: "one zero" is a digit string, not a number.
    if (e.value === 0 && readAny) break;
    let ok: boolean;
    switch (e.kind) {
      case 'unit':
        ok = last === undefined || last === 'tens' || last === 'hundred' || last === 'scale';
        if (ok) current += e.value;
        break;
      case 'teen':
      case 'tens':
        ok = last === undefined || last === 'hundred' || last === 'scale';
        if (ok) current += e.value;
        break;
      case 'hundred':
        ok = (last === 'unit' || last === 'teen' || last === 'tens') && current > 0 && current < 100;
        if (ok) current *= 100;
        break;
      case 'scale':
        ok = last !== undefined && last !== 'scale' && current > 0;
        if (ok) {
          total += current * e.value;
          current = 0;
        }
        break;
    }
    if (!ok) break;
    readAny = true;
    last = e.kind;
    j += 1;
    if (e.ordinal) {
      ordinal = true;
      break;
    }
  }
  if (!readAny || last === undefined) return undefined;
  // A trailing "and" is not part of the number.
  let next = j;
  while (next > i && words[next - 1]!.lower === 'and') next -= 1;
  return { value: total + current, ordinal, next, lastKind: last, words: next - i };
}

/** "1" -> "1st", "22" -> "22nd", "13" -> "13th". */
export function ordinalSuffix(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return 'th';
  switch (n % 10) {
    case 1:
      return 'st';
    case 2:
      return 'nd';
    case 3:
      return 'rd';
    default:
      return 'th';
  }
}

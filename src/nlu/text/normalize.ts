/**
 * Spoken-form normalisation: number words to digits, with a map back to the original string.
 *
 * Public interface (stable; the intents/slots code imports it):
 *
 *   normalizeSpoken(text, options?) -> NormalizedText
 *     .text                  the normalised string
 *     .original              the input string
 *     .toOriginal(i)         index in .text -> index in .original
 *     .toOriginalSpan(s, e)  span in .text -> covering span in .original
 *
 * What it rewrites (everything else, case and punctuation included, is kept as is):
 * - cardinals:  "twenty one" -> "21", "one hundred and five" -> "105",
 *               "two thousand eighteen" -> "2018", "nineteen eighty four" -> "1984"
 * - ordinals:   "twenty first" -> "21st", "the third" -> "the 3rd" ("second" only where it is
 *               clearly an ordinal: "the second", "second tuesday", "twenty second")
 * - clock times (option `clock`, default on):
 *               "five thirty pm" -> "5:30 pm", "at ten fifteen" -> "at 10:15",
 *               "twelve o three" / "five oh five" -> "12:03" / "5:05",
 *               "a quarter past two" -> "2:15", "half past six" -> "6:30",
 *               "quarter to noon" -> "11:45", "ten past five" -> "5:10",
 *               "five minutes to three" -> "2:55"
 * - "noon" / "midnight" -> "12:00 pm" / "12:00 am" only with option `noonMidnight`
 *   (off by default: the time resolver keeps the words, whose precision is the hour).
 * "five to seven" is left alone (a range as often as a clock time), so is "two three".
 *
 * Fillers are not removed here. To add another pass (fillers, spelling fixes), build
 * `TextEdit`s against `.text` and call `applyEdits(normalized, edits)`: the result maps
 * straight back to the original transcript.
 */
import { applyEdits, type MappedText, type TextEdit } from './offset-map';
import { numberWordEntry, ordinalSuffix, readNumberWords, type NumberWordReading } from './number-words';

export type NormalizedText = MappedText;

export interface NormalizeOptions {
  /** Join spoken clock times ("five thirty pm" -> "5:30 pm"). Default true. */
  readonly clock?: boolean;
  /** Rewrite "noon"/"midnight" as "12:00 pm"/"12:00 am". Default false. */
  readonly noonMidnight?: boolean;
}

interface Word {
  readonly lower: string;
  readonly start: number;
  readonly end: number;
}

const WORD_RE = /[A-Za-z]+|\d+/g;
const AMPM_AFTER = /^\s*[ap]\.?\s?m\b\.?/i;
/** Words after which "H MM" is read as a clock time even without am/pm. */
const CLOCK_CUES = new Set([
  'at', 'around', 'about', 'by', 'from', 'until', 'till', 'til', 'to', 'between', 'and',
  'before', 'after', 'since', 'approximately', 'roughly', 'exactly',
]);
/** Words that make a following/preceding "second" an ordinal rather than the unit ("october second"). */
const ORDINAL_SECOND_PREV = new Set([
  'the', 'every', 'each', 'this', 'my', 'our', 'its', 'his', 'her', 'their',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'apr', 'jun', 'jul', 'aug', 'sept', 'oct', 'nov', 'dec',
]);
const ORDINAL_SECOND_NEXT = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun',
  'week', 'weekend', 'month', 'quarter', 'year', 'day', 'of', 'last', 'closest', 'half',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
  'october', 'november', 'december',
]);

export function normalizeSpoken(text: string, options: NormalizeOptions = {}): NormalizedText {
  const clock = options.clock ?? true;
  const words: Word[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    words.push({ lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  // Two words belong to one number only when blanks or a single hyphen separate them.
  const canJoin = (j: number): boolean => {
    const a = words[j - 1];
    const b = words[j];
    if (!a || !b) return false;
    for (let k = a.end; k < b.start; k++) {
      const c = text.charCodeAt(k);
      if (c !== 32 && c !== 9 && c !== 45) return false;
    }
    return b.start - a.end <= 3;
  };
  const isDigits = (w: Word | undefined): boolean => w !== undefined && w.lower.charCodeAt(0) <= 57;
  // A digits word glued to ":" or "." and more digits ("5:30", "3.5") is not a bare number.
  const bareDigits = (j: number): boolean => {
    const w = words[j];
    if (!isDigits(w) || !w) return false;
    const after = text.slice(w.end, w.end + 2);
    const before = text.slice(Math.max(0, w.start - 2), w.start);
    return !/^[:.,/]\d/.test(after) && !/\d[:.,/]$/.test(before);
  };
  const read = (j: number): NumberWordReading | undefined => {
    const w = words[j];
    if (!w || isDigits(w)) return undefined;
    return readNumberWords(words, j, canJoin);
  };
  /** An hour target for "quarter past X": a number word or digits 0-24, "noon", "midnight". */
  const hourAt = (j: number): { hour: number; next: number } | undefined => {
    const w = words[j];
    if (!w || (j > 0 && !canJoinLoose(j))) return undefined;
    if (w.lower === 'noon') return { hour: 12, next: j + 1 };
    if (w.lower === 'midnight') return { hour: 0, next: j + 1 };
    if (bareDigits(j)) {
      const v = Number(w.lower);
      return w.lower.length <= 2 && v <= 24 ? { hour: v, next: j + 1 } : undefined;
    }
    const r = read(j);
    if (!r || r.ordinal || r.value > 24) return undefined;
    return { hour: r.value, next: r.next };
  };
  // Words of a clock phrase may be separated by blanks only.
  const canJoinLoose = (j: number): boolean => {
    const a = words[j - 1];
    const b = words[j];
    return !!a && !!b && /^[\s-]*$/.test(text.slice(a.end, b.start));
  };
  const hasAmPmAfter = (j: number): boolean => {
    const w = words[j - 1];
    return !!w && AMPM_AFTER.test(text.slice(w.end, w.end + 8));
  };
  const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));
  const clockText = (h: number, m: number): string => `${h}:${pad(m)}`;

  const edits: TextEdit[] = [];
  const replace = (from: number, toExclusive: number, replacement: string): void => {
    edits.push({ start: words[from]!.start, end: words[toExclusive - 1]!.end, text: replacement });
  };

  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    if (clock) {
      const c = readClockPhrase(i);
      if (c) {
        replace(i, c.next, c.text);
        i = c.next;
        continue;
      }
    }
    if (options.noonMidnight && (w.lower === 'noon' || w.lower === 'midnight')) {
      replace(i, i + 1, w.lower === 'noon' ? '12:00 pm' : '12:00 am');
      i += 1;
      continue;
    }
    const r = read(i);
    if (r) {
      if (r.ordinal && r.words === 1 && w.lower === 'second' && !ordinalSecond(i)) {
        i += 1;
        continue;
      }
      const year = readYearPair(i, r);
      if (year) {
        replace(i, year.next, String(year.value));
        i = year.next;
        continue;
      }
      replace(i, r.next, r.ordinal ? `${r.value}${ordinalSuffix(r.value)}` : String(r.value));
      i = r.next;
      continue;
    }
    i += 1;
  }
  return applyEdits(text, edits);

  function ordinalSecond(j: number): boolean {
    const prev = words[j - 1];
    const next = words[j + 1];
    return (!!prev && ORDINAL_SECOND_PREV.has(prev.lower)) || (!!next && canJoinLoose(j + 1) && ORDINAL_SECOND_NEXT.has(next.lower));
  }

  /** "nineteen eighty four" -> 1984, "twenty twenty five" -> 2025, "nineteen oh five" -> 1905. */
  function readYearPair(j: number, first: NumberWordReading): { value: number; next: number } | undefined {
    if (first.ordinal || first.words !== 1 || (first.value !== 19 && first.value !== 20)) return undefined;
    const k = first.next;
    if (!words[k] || !canJoinLoose(k)) return undefined;
    let value: number | undefined;
    let next = k;
    if ((words[k]!.lower === 'oh' || words[k]!.lower === 'o') && words[k + 1] && canJoinLoose(k + 1)) {
      const unit = numberWordEntry(words[k + 1]!.lower);
      if (unit && unit.kind === 'unit' && !unit.ordinal && unit.value > 0) {
        value = first.value * 100 + unit.value;
        next = k + 2;
      }
    } else {
      const second = read(k);
      if (second && !second.ordinal && second.value >= 10 && second.value <= 99) {
        value = first.value * 100 + second.value;
        next = second.next;
      }
    }
    if (value === undefined || hasAmPmAfter(next)) return undefined;
    const prev = words[j - 1];
    if (prev && prev.lower === 'at') return undefined;
    return { value, next };
  }

  function readClockPhrase(j: number): { text: string; next: number } | undefined {
    const lw = (k: number): string | undefined => (words[k] && (k === j || canJoinLoose(k)) ? words[k]!.lower : undefined);
    // "(a|one) quarter past|after|to|till|before|of H", "half past|after H"
    let k = j;
    if (lw(k) === 'a' || lw(k) === 'one') k += 1;
    if (lw(k) === 'quarter' || (k === j && lw(k) === 'half')) {
      const half = lw(k) === 'half';
      const rel = lw(k + 1);
      const forward = rel === 'past' || rel === 'after';
      const backward = !half && (rel === 'to' || rel === 'till' || rel === 'before' || rel === 'of');
      if (forward || backward) {
        const h = hourAt(k + 2);
        if (h && h.hour <= 24) {
          const minutes = half ? 30 : 15;
          return { text: forward ? clockText(h.hour, minutes) : minutesBefore(h.hour, minutes), next: h.next };
        }
      }
    }
    const first = read(j);
    if (!first || first.ordinal) return undefined;
    // "N past H", "N minutes past|after|to|till|before H"
    if (first.value >= 1 && first.value <= 59) {
      let m = first.next;
      const unit = lw(m);
      const withUnit = unit === 'minute' || unit === 'minutes' || unit === 'min' || unit === 'mins';
      if (withUnit) m += 1;
      const rel = lw(m);
      const forward = rel === 'past' || (withUnit && rel === 'after');
      const backward = withUnit && (rel === 'to' || rel === 'till' || rel === 'before');
      if (forward || backward) {
        const h = hourAt(m + 1);
        if (h && h.hour <= 24) {
          return { text: forward ? clockText(h.hour, first.value) : minutesBefore(h.hour, first.value), next: h.next };
        }
      }
    }
    if (first.value > 23 || first.words > 2) return undefined;
    const k2 = first.next;
    // "twelve o three", "five oh five"
    const sep = lw(k2);
    if ((sep === 'o' || sep === 'oh') && words[k2 + 1] && canJoinLoose(k2 + 1)) {
      const unit = numberWordEntry(words[k2 + 1]!.lower);
      const prev = words[j - 1];
      const cue = !!prev && CLOCK_CUES.has(prev.lower);
      // "nineteen oh five" is a year unless something makes it a time ("at", "pm").
      const yearLike = (first.value === 19 || first.value === 20) && !cue && !hasAmPmAfter(k2 + 2);
      if (unit && unit.kind === 'unit' && !unit.ordinal && unit.value > 0 && !yearLike) {
        return { text: clockText(first.value, unit.value), next: k2 + 2 };
      }
    }
    // "five thirty pm", "at ten fifteen"
    if (first.value >= 1 && words[k2] && canJoinLoose(k2)) {
      const minute = read(k2);
      if (minute && !minute.ordinal && minute.value >= 10 && minute.value <= 59) {
        const prev = words[j - 1];
        const cue = !!prev && CLOCK_CUES.has(prev.lower) && /^\s+$/.test(text.slice(prev.end, words[j]!.start));
        if (hasAmPmAfter(minute.next) || cue || text.charAt(words[j]!.start - 1) === '@') {
          return { text: clockText(first.value, minute.value), next: minute.next };
        }
      }
    }
    return undefined;
  }

  function minutesBefore(hour: number, minutes: number): string {
    // "quarter to one" is 12:45 on a 12-hour clock, "quarter to midnight" 23:45.
    const h = hour === 0 ? 23 : hour === 1 ? 12 : hour - 1;
    return clockText(h, 60 - minutes);
  }
}

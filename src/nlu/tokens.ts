import { normalizeSpoken } from './text/normalize';

/**
 * Word tokens of the spoken-normalised transcript ("five thirty pm" reads as "5:30", "pm"),
 * each with its offsets into the ORIGINAL transcript. Every slot span is built from these
 * offsets, so spans stay exact against what the person (or Whisper) actually produced, whatever
 * its case, punctuation, apostrophe style or number words.
 */
export interface Token {
  /** The original text the token covers ("five thirty" for the token "5:30"). */
  readonly raw: string;
  /** The normalised word, lower case, with curly apostrophes straightened. */
  readonly norm: string;
  readonly start: number;
  readonly end: number;
  /** True when punctuation that ends a phrase (, . ; ! ? : and the like) stands before it. */
  readonly breakBefore: boolean;
  /** True when the word was written with a capital letter and does not open a sentence. */
  readonly capitalised: boolean;
}

// A word is letters/digits, optionally joined by an apostrophe, colon, dot, slash or hyphen
// ("o'clock", "8:45", "a.m", "3/14", "follow-up"). Each alternative starts with a class that
// the joiner cannot match, so the pattern runs in linear time.
const WORD = /[\p{L}\p{N}]+(?:['’:./-][\p{L}\p{N}]+)*['’]?/gu;
const PHRASE_BREAK = /[,.;:!?()[\]{}"“”|]/;

export function tokenize(transcript: string): Token[] {
  const normalised = normalizeSpoken(transcript);
  const text = normalised.text;
  const tokens: Token[] = [];
  let previousEnd = 0;
  let sentenceStart = true;
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const gap = text.slice(previousEnd, match.index);
    // The dot closing "p.m." or "St." is part of the abbreviation, not the end of a phrase.
    const closesAbbreviation = gap.trim() === '.' && /\.\p{L}$|^(?:st|dr|mr|mrs|ms|ave|rd)$/iu.test(tokens.at(-1)?.norm ?? '');
    const breakBefore = tokens.length > 0 && !closesAbbreviation && PHRASE_BREAK.test(gap);
    if (!closesAbbreviation && /[.!?]/.test(gap)) sentenceStart = true;
    const { start, end } = normalised.toOriginalSpan(match.index, match.index + word.length);
    const raw = transcript.slice(start, end);
    const first = raw.charAt(0);
    tokens.push({
      raw,
      norm: word.toLowerCase().replace(/’/g, "'"),
      start,
      end,
      breakBefore,
      capitalised: !sentenceStart && first !== first.toLowerCase() && raw !== raw.toUpperCase(),
    });
    sentenceStart = false;
    previousEnd = match.index + word.length;
  }
  return tokens;
}

/** The word without a possessive ending: "tomorrow's" -> "tomorrow", "sisters'" -> "sisters". */
export function stripPossessive(norm: string): string {
  if (norm.endsWith("'s")) return norm.slice(0, -2);
  if (norm.endsWith("'")) return norm.slice(0, -1);
  return norm;
}

export function isPossessive(norm: string): boolean {
  return norm.endsWith("'s") || norm.endsWith("'");
}

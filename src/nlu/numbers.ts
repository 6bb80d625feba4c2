import type { Token } from './tokens';

/**
 * Numbers in the token stream. Tokens come from the spoken-number normaliser, so "twenty
 * first" is already "21st" and "two thousand and seventeen" is "2017": a number is one token.
 */
export interface NumberReading {
  readonly value: number;
  /** Index of the first token after the number. */
  readonly next: number;
  readonly ordinal: boolean;
}

const SMALL = /^(\d{1,2})(st|nd|rd|th)?$/;

/** A number of one or two digits, cardinal ("5") or ordinal ("21st"), at token i. */
export function readSmallNumber(tokens: readonly Token[], i: number): NumberReading | undefined {
  const match = SMALL.exec(tokens[i]?.norm ?? '');
  if (!match) return undefined;
  return { value: Number(match[1]), next: i + 1, ordinal: match[2] !== undefined };
}

/** A year of this or the last century: "2017" (said "two thousand and seventeen"). */
export function readYear(tokens: readonly Token[], i: number): NumberReading | undefined {
  const norm = tokens[i]?.norm ?? '';
  return /^(19|20)\d\d$/.test(norm) ? { value: Number(norm), next: i + 1, ordinal: false } : undefined;
}

import { FILLERS, WAKE_WORDS } from './lexicon/function-words';
import type { Occupancy } from './slots/draft';
import type { TokenView } from './temporal/token-view';

const OPENERS = new Set(['hey', 'hi', 'hello', 'ok', 'okay', 'alright', 'right', 'so', 'well', 'yo', 'now']);

/**
 * Sets aside what is not the command: the wake phrase and fillers before it ("hey tempo",
 * "okay so", "olly", "ok google") and hesitations anywhere ("uh", "um"). Returns the index of
 * the first word of the command itself.
 */
export function setAsidePreamble(v: TokenView, occupancy: Occupancy): number {
  let start = 0;
  while (start < v.length) {
    const word = v.word(start);
    if (!(FILLERS.has(word) || WAKE_WORDS.has(word) || OPENERS.has(word))) break;
    start += 1;
  }
  // A whole command of openers ("okay") is a command, not a preamble.
  if (start === v.length) start = 0;
  for (let i = 0; i < v.length; i += 1) {
    if (i < start || FILLERS.has(v.word(i))) occupancy.setAside(i);
  }
  return start;
}

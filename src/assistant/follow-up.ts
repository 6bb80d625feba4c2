import type { Scope } from './request';

/** How a short reply to a question reads, before anything else is tried. */
export type ShortReply =
  | { kind: 'yes' }
  | { kind: 'no' }
  /** "no, make it friday": a refusal followed by a correction. */
  | { kind: 'no-but' }
  | { kind: 'pick'; index: number }
  | { kind: 'scope'; scope: Scope }
  | { kind: 'other' };

const HESITATIONS = new Set(['uh', 'um', 'er', 'erm', 'hmm', 'mm', 'please', 'hey', 'tempo', 'well', 'oh', 'ah']);
const YES_WORDS = new Set(['yes', 'yeah', 'yep', 'yup', 'sure', 'ok', 'okay', 'correct', 'right', 'confirm', 'fine', 'go', 'ahead', 'do', 'it', 'book', 'anyway', 'anyways', 'please', 'sounds', 'good', 'great', "that's", 'thats', 'that', 'is', 'thanks', 'thank', 'you', 'absolutely', 'definitely', 'perfect']);
const YES_OPENERS = new Set(['yes', 'yeah', 'yep', 'yup', 'sure', 'ok', 'okay', 'correct', 'right', 'confirm', 'fine', 'go', 'do', 'book', 'sounds', "that's", 'thats', 'absolutely', 'definitely', 'perfect', 'great']);
/** Words that refuse outright; "no" can also open a correction ("no, make it friday"). */
const REFUSALS = new Set(['no', 'nope', 'nah']);
const NO_OPENERS = new Set([...REFUSALS, 'cancel', 'never', 'forget', 'stop', "don't", 'dont']);
const NO_WORDS = new Set([...NO_OPENERS, 'mind', 'it', 'that', 'this', 'do', 'not', 'leave', 'as', 'is', 'thanks', 'thank', 'you', 'thats', "that's", 'ok', 'okay', 'fine']);
const ORDINALS: ReadonlyMap<string, number> = new Map([
  ['first', 0], ['1st', 0], ['one', 0], ['1', 0],
  ['second', 1], ['2nd', 1], ['two', 1], ['2', 1],
  ['third', 2], ['3rd', 2], ['three', 2], ['3', 2],
  ['fourth', 3], ['4th', 3], ['four', 3], ['4', 3],
  ['last', -1],
]);
const PICK_FRAME = new Set(['the', 'number', 'option', 'one', 'choice']);
const INSTANCE_WORDS = new Set(['this', 'that', 'once', 'single', 'instance', 'occurrence']);
const INSTANCE_FRAME = new Set([...INSTANCE_WORDS, 'just', 'only', 'one', 'the', 'time']);
const SERIES_WORDS = new Set(['all', 'every', 'whole', 'series', 'entire', 'each', 'everything']);
const SERIES_FRAME = new Set([...SERIES_WORDS, 'of', 'them', 'the', 'one', 'ones', 'week', 'day', 'time', 'times', 'instances', 'occurrences']);

export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .filter((word) => word.length > 0 && !HESITATIONS.has(word));
}

/**
 * Reads a reply to a clarifying question: yes, no, "the second one", "just this one", "all of
 * them". Anything longer or different is `other`, and is then read as an amendment ("make it
 * four pm instead") or as a new command.
 */
export function readShortReply(text: string): ShortReply {
  const words = wordsOf(text);
  const first = words[0];
  if (first === undefined) return { kind: 'other' };
  if (NO_OPENERS.has(first) && words.every((w) => NO_WORDS.has(w))) return { kind: 'no' };
  if (REFUSALS.has(first)) {
    const rest = readShortReply(words.slice(1).join(' '));
    return rest.kind === 'pick' || rest.kind === 'scope' ? rest : { kind: 'no-but' };
  }
  if (YES_OPENERS.has(first) && words.every((w) => YES_WORDS.has(w))) return { kind: 'yes' };
  const ordinal = words.find((w) => ORDINALS.has(w) && w !== 'one');
  if (words.every((w) => PICK_FRAME.has(w) || ORDINALS.has(w)) && (ordinal !== undefined || words.length === 1)) {
    return { kind: 'pick', index: ORDINALS.get(ordinal ?? first)! };
  }
  if (words.some((w) => INSTANCE_WORDS.has(w)) && words.every((w) => INSTANCE_FRAME.has(w))) return { kind: 'scope', scope: 'instance' };
  if (words.some((w) => SERIES_WORDS.has(w)) && words.every((w) => SERIES_FRAME.has(w))) return { kind: 'scope', scope: 'series' };
  return { kind: 'other' };
}

/** Within an answer to "just this one, or all of them?": which the words lean to, if either. */
export function scopeMentioned(text: string): Scope | undefined {
  const words = wordsOf(text);
  const series = words.some((w) => SERIES_WORDS.has(w));
  const instance = words.some((w) => INSTANCE_WORDS.has(w));
  if (series === instance) return undefined;
  return series ? 'series' : 'instance';
}

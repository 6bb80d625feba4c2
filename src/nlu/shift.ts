import { MOVE_VERBS } from './lexicon/function-words';
import type { SlotDraft } from './slots/draft';
import type { TokenView } from './temporal/token-view';

/**
 * A move by an amount of time rather than to a time: "push my ten o'clock back an hour", "move
 * the design sync an hour later", "delay the standup by fifteen minutes", "bring the review
 * forward a day".
 */
export interface Shift {
  /** The verb that asks for the move. */
  readonly cue: number;
  /** Which draft says the amount. */
  readonly amount: number;
  /** The last token of the amount itself: "an hour" of the phrase "an hour later". */
  readonly to: number;
  /** Positive is later. */
  readonly minutes: number;
}

/** Besides the move verbs, verbs that move an event only with a direction: "bring it forward". */
const SHIFT_VERBS: ReadonlySet<string> = new Set([...MOVE_VERBS, 'bring', 'pull', 'slide', 'nudge']);

/**
 * Direction words as people use them of a meeting: "push back", "push out" and "later" are
 * later; "bring forward", "move up", "earlier" and "sooner" are earlier.
 */
const DIRECTIONS: ReadonlyMap<string, 1 | -1> = new Map([
  ['later', 1], ['back', 1], ['out', 1],
  ['earlier', -1], ['early', -1], ['sooner', -1], ['forward', -1], ['forwards', -1], ['up', -1],
]);

/** Verbs that say the direction themselves: "delay it by an hour", "advance it a day". */
const VERB_DIRECTIONS: ReadonlyMap<string, 1 | -1> = new Map([
  ['delay', 1], ['postpone', 1], ['push', 1], ['prepone', -1], ['advance', -1],
]);

/** Amounts of time, including those the tagger read with their direction ("an hour later"). */
const AMOUNT_KINDS: ReadonlySet<string> = new Set(['duration', 'from_now', 'offset']);

/**
 * The first shift verb from `start` with an amount after it and a direction: the amount's own
 * "later"/"earlier", a word right after it, a particle between the verb and it, else the verb's.
 * An amount after "for" is a length ("move it to friday for an hour"), not a shift.
 */
export function findShift(v: TokenView, start: number, drafts: readonly SlotDraft[]): Shift | undefined {
  const cue = findVerb(v, start);
  if (cue === undefined) return undefined;
  const inSlot = (k: number): boolean => drafts.some((d) => d.from <= k && k <= d.to);
  for (const [index, draft] of drafts.entries()) {
    const meaning = draft.temporal;
    if (draft.from <= cue || !meaning || !AMOUNT_KINDS.has(meaning.kind) || v.previous(draft.from) === 'for') continue;
    const minutes = 'minutes' in meaning ? Math.abs(meaning.minutes) : 0;
    const own = DIRECTIONS.get(v.word(draft.to));
    if (meaning.kind !== 'duration' && own === undefined) continue;
    const to = own === undefined ? draft.to : draft.to - 1;
    let direction = own ?? (inSlot(draft.to + 1) ? undefined : DIRECTIONS.get(v.next(draft.to + 1)));
    for (let k = cue + 1; direction === undefined && k < draft.from; k += 1) if (!inSlot(k)) direction = DIRECTIONS.get(v.word(k));
    direction ??= VERB_DIRECTIONS.get(v.word(cue));
    if (direction !== undefined && minutes > 0 && to >= draft.from) return { cue, amount: index, to, minutes: direction * minutes };
  }
  return undefined;
}

function findVerb(v: TokenView, start: number): number | undefined {
  for (let i = start; i < v.length; i += 1) if (SHIFT_VERBS.has(v.word(i))) return i;
  return undefined;
}

import { EVENT_NOUNS, MEALS, NAMED_EVENTS } from '../lexicon/event-words';
import type { TokenView } from '../temporal/token-view';
import type { Occupancy, SlotDraft } from './draft';

/**
 * Events known by a fixed name ("mother's day", "easter sunday", "one on one"), taken before
 * the time grammar and the people, which would otherwise read "sunday" as a date and "mother's"
 * as a relation. An event noun after the name belongs to it: "new year's eve party".
 */
export function tagNamedEvents(v: TokenView, occupancy: Occupancy): SlotDraft[] {
  const found: SlotDraft[] = [];
  for (let i = 0; i < v.length; i += 1) {
    const length = longestNameAt(v, occupancy, i);
    if (length === 0) continue;
    let to = i + length - 1;
    while (occupancy.isFree(to + 1) && EVENT_NOUNS.has(v.next(to + 1)) && !MEALS.has(v.next(to + 1))) to += 1;
    const title = v.tokens.slice(i, to + 1).map((t) => t.raw).join(' ');
    const slot: SlotDraft = { type: 'event_title', from: i, to, value: { kind: 'event_title', title } };
    occupancy.claim(slot);
    found.push(slot);
    i = to;
  }
  return found;
}

/** The names by their first word, so that each position is checked against a few names only. */
const NAMES_BY_FIRST_WORD = new Map<string, (readonly string[])[]>();
for (const name of NAMED_EVENTS) {
  const first = name[0] ?? '';
  NAMES_BY_FIRST_WORD.set(first, [...(NAMES_BY_FIRST_WORD.get(first) ?? []), name]);
}

function longestNameAt(v: TokenView, occupancy: Occupancy, i: number): number {
  let longest = 0;
  for (const name of NAMES_BY_FIRST_WORD.get(bare(v.word(i))) ?? []) {
    const said = name.every((word, k) => occupancy.isFree(i + k) && (k === 0 || v.joined(i + k)) && bare(v.word(i + k)) === word);
    if (said && name.length > longest) longest = name.length;
  }
  return longest;
}

/** "mother's" and "mothers" alike: transcripts often drop the apostrophe. */
function bare(word: string): string {
  return word.replace(/'/g, '');
}

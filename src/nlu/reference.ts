import type { EventReference, When } from './command';
import type { SlotDraft } from './slots/draft';
import type { TokenView } from './temporal/token-view';
import { stripPossessive } from './tokens';

const ORDINALS: ReadonlyMap<string, EventReference['ordinal']> = new Map([
  ['next', 'next'], ['upcoming', 'next'], ['first', 'next'], ['last', 'last'], ['previous', 'last'], ['all', 'all'], ['every', 'all'],
]);

/**
 * What the person said about an existing event ("my 3pm with dana", "the standup",
 * "tomorrow's lunch", "the next event"), as the words the assistant matches against the
 * cache: title words, attendees, a time window, and which match is meant.
 */
export function describeReference(text: string, v: TokenView, drafts: readonly SlotDraft[], when: When | undefined): EventReference | undefined {
  const ordinalAt = findOrdinal(v, drafts);
  if (drafts.length === 0 && ordinalAt === undefined) return undefined;
  const positions = drafts.flatMap((d) => [d.from, d.to]);
  if (ordinalAt !== undefined) positions.push(ordinalAt);
  const from = Math.min(...positions);
  const to = Math.max(...positions);
  const start = v.tokens[from]?.start ?? 0;
  const end = v.tokens[to]?.end ?? start;
  const titleWords = drafts
    .filter((d) => d.type === 'event_title' || d.type === 'meal')
    .flatMap((d) => v.tokens.slice(d.from, d.to + 1).map((t) => stripPossessive(t.norm)));
  const attendees = drafts.flatMap((d) => (d.value?.kind === 'attendee' ? [d.value.name] : []));
  const ordinal = ordinalAt === undefined ? undefined : ORDINALS.get(v.word(ordinalAt));
  return {
    start,
    end,
    text: text.slice(start, end),
    titleWords,
    attendees,
    ...(when ? { when } : {}),
    ...(ordinal ? { ordinal } : {}),
  };
}

/** "the next meeting", "all my appointments": an ordinal just before the event's words. */
function findOrdinal(v: TokenView, drafts: readonly SlotDraft[]): number | undefined {
  const firstTitle = drafts.find((d) => d.type === 'event_title' || d.type === 'meal');
  const limit = firstTitle ? firstTitle.from : v.length;
  for (let i = Math.max(0, limit - 3); i < limit; i += 1) {
    if (ORDINALS.has(v.word(i)) && !drafts.some((d) => d.from <= i && i <= d.to)) return i;
  }
  return undefined;
}

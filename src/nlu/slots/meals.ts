import { EVENT_NOUNS, MEALS } from '../lexicon/event-words';
import type { TokenView } from '../temporal/token-view';
import { stripPossessive } from '../tokens';
import type { Occupancy, SlotDraft } from './draft';

/**
 * Meals: "lunch with joe", "thursday's lunch", "a lunch date", "lunch meetings". A meal
 * followed by another event noun ("dinner party", "dinner reservations") is part of the event's
 * name instead.
 */
/** Nouns a meal only qualifies: a "lunch meeting" is a meeting at lunch, a "lunch date" a lunch. */
const MEAL_QUALIFIED = new Set(['date', 'dates', 'meeting', 'meetings']);

export function tagMeals(v: TokenView, occupancy: Occupancy): SlotDraft[] {
  const found: SlotDraft[] = [];
  for (let i = 0; i < v.length; i += 1) {
    const meal = MEALS.get(stripPossessive(v.word(i)));
    if (!meal || !occupancy.isFree(i)) continue;
    const following = v.next(i + 1);
    if (EVENT_NOUNS.has(following) && !MEAL_QUALIFIED.has(following) && !MEALS.has(following)) continue;
    const slot: SlotDraft = { type: 'meal', from: i, to: i, value: { kind: 'meal', meal } };
    occupancy.claim(slot);
    found.push(slot);
  }
  return found;
}

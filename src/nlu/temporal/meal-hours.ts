import type { PartOfDay } from '../lexicon/calendar-words';
import type { SlotDraft } from '../slots/draft';

type Meal = Extract<NonNullable<SlotDraft['value']>, { kind: 'meal' }>['meal'];

/**
 * The half of the day a meal puts a bare hour in. Booking hours read "seven" as 07:00 and "six"
 * as 18:00, which fits a meeting, a lunch ("twelve thirty", "one") or a brunch, but not a dinner
 * at seven or a breakfast at six.
 */
const MEAL_PARTS: Readonly<Partial<Record<Meal, PartOfDay>>> = { breakfast: 'morning', dinner: 'evening' };

/** Clock times said without am/pm in a sentence about a breakfast or a dinner, read in its half of the day ("twelve" stays noon). */
export function readClocksByMeal(drafts: readonly SlotDraft[]): SlotDraft[] {
  const meal = drafts.find((d) => d.value?.kind === 'meal')?.value;
  const part = meal?.kind === 'meal' ? MEAL_PARTS[meal.meal] : undefined;
  return drafts.map((d) => {
    const clock = d.temporal;
    if (!part || clock?.kind !== 'clock' || clock.meridiem || clock.part || clock.hour < 1 || clock.hour > 11) return d;
    return { ...d, temporal: { ...clock, part } };
  });
}

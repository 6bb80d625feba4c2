import { isAllDayTime, type CalendarEvent, type EventTime } from '../../src/domain/event';
import { expandEvent } from '../../src/domain/recurrence';
import { floatingMs, localToInstant } from '../../src/domain/time';
import type { ProviderEvent, PullWindow } from './connector';

const DAY_MS = 86_400_000;
/** Enough for a daily series begun decades before the window; past it the item counts as outside. */
const MAX_INSTANCES = 20_000;

function instantOf(time: EventTime): number {
  return isAllDayTime(time) ? Date.parse(`${time.date}T00:00:00Z`) : localToInstant(time.dateTime, time.timeZone);
}

/**
 * True when no instance of an item (its master's occurrences, its overrides) overlaps `window`,
 * so a provider that looks only there (Graph's calendar view) cannot have listed it: a full pull
 * without it says nothing about it. Within a day of an edge an item counts as outside, which
 * keeps it: its deletion is seen once the window reaches it.
 */
export function isOutsideWindow(events: readonly ProviderEvent[], window: PullWindow): boolean {
  const start = Date.parse(window.start) + DAY_MS;
  const end = Date.parse(window.end) - DAY_MS;
  const [master, ...overrides] = events;
  if (!master) return true;
  const horizonFloating = floatingMs(new Date(end + DAY_MS).toISOString().slice(0, 19));
  const instances = expandEvent({ ...master, id: '', calendarId: '' } as CalendarEvent, { horizonFloating, maxInstances: MAX_INSTANCES });
  return ![...instances, ...overrides].some((instance) => instantOf(instance.start) < end && instantOf(instance.end) > start);
}

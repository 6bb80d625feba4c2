import type { SlotDraft } from './slots/draft';
import type { TokenView } from './temporal/token-view';

/**
 * Where a list, not an event, follows "add ___ to": "add dana to my contacts" keeps its
 * everyday meaning, while "add sam to my three pm" or "to the design sync" names an event.
 */
const NOT_EVENTS = new Set(['calendar', 'calender', 'calendars', 'schedule', 'agenda', 'diary', 'planner', 'list', 'contacts', 'reminders', 'todo', 'favorites', 'favourites']);
const DETERMINERS = new Set(['the', 'my', 'our', 'this', 'that', 'your']);

/** "add dana to the standup", "bring sam to my three pm": a person added to an event. */
export function addAttendeeCue(v: TokenView, start: number, slots: readonly SlotDraft[]): number | undefined {
  for (let i = start; i < v.length; i += 1) {
    if (v.word(i) !== 'add' && v.word(i) !== 'bring') continue;
    const attendee = slots.find((s) => s.type === 'attendee' && s.from > i && s.from <= i + 2);
    if (!attendee || v.word(attendee.to + 1) !== 'to') continue;
    let object = attendee.to + 2;
    while (DETERMINERS.has(v.word(object))) object += 1;
    if (object < v.length && !NOT_EVENTS.has(v.word(object))) return i;
  }
  return undefined;
}

/** Verbs that take someone off an event with "off", "out of" or "from": "take dana off the design sync". */
const TAKING_VERBS = new Set(['take', 'remove', 'drop', 'kick', 'strike', 'cross', 'pull', 'knock', 'leave', 'scratch']);

/**
 * "take dana off the design sync", "kick sam out of my three pm": a person taken off an event
 * said with "the", "my" and the like. "drop sam off at school" is an errand, not an event.
 */
export function removeAttendeeCue(v: TokenView, start: number, slots: readonly SlotDraft[]): number | undefined {
  for (let i = start; i < v.length; i += 1) {
    if (!TAKING_VERBS.has(v.word(i))) continue;
    const attendee = slots.find((s) => s.type === 'attendee' && s.from > i && s.from <= i + 2);
    if (!attendee) continue;
    const off = v.next(attendee.to + 1);
    const object = off === 'out' && v.next(attendee.to + 2) === 'of' ? attendee.to + 3 : attendee.to + 2;
    if ((off === 'off' || off === 'from' || object === attendee.to + 3) && DETERMINERS.has(v.next(object))) return i;
  }
  return undefined;
}

import type { Command, Intent, Slot } from '../command';

/**
 * TempoPilot's intents and slots in SLURP's calendar labels, for scoring against SLURP. The
 * mapping (and the two span conventions where SLURP differs from ours) is documented in
 * docs/nlu.md.
 */
export type SlurpIntent = 'calendar_set' | 'calendar_query' | 'calendar_remove';

export interface SlurpSlot {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

const INTENTS: Readonly<Record<Intent, SlurpIntent>> = {
  create_event: 'calendar_set',
  create_reminder: 'calendar_set',
  move_event: 'calendar_set',
  change_duration: 'calendar_set',
  update_event: 'calendar_set',
  add_attendees: 'calendar_set',
  remove_attendees: 'calendar_set',
  block_focus_time: 'calendar_set',
  undo: 'calendar_set',
  unknown: 'calendar_set',
  cancel_event: 'calendar_remove',
  query_agenda: 'calendar_query',
  query_event: 'calendar_query',
  find_free_time: 'calendar_query',
};

export function slurpIntent(intent: Intent): SlurpIntent {
  return INTENTS[intent];
}

/**
 * "next friday" is one date to us; SLURP tags the weekday alone ("next [date : friday]"). "this"
 * stays in, as in SLURP's "[this week]", "[this weekend]", "[this afternoon]" (docs/nlu.md).
 */
const WEEKDAY_MODIFIER =
  /^(?:next|coming|upcoming|last|following|past)\s+(?=(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu|thurs?|fri)(?:'s)?\b)/i;
/** "every june third" repeats a date; SLURP tags it as one. */
const EVERY_MONTH_DAY = /^(?:every|each)\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s/i;
/** SLURP tags "rest of the week" as a time (a window from now), not a date. */
const REST_OF = /^(?:rest|remainder)\s+of\b/i;
/** "in the last year", "within the next week": a period said as a window is a time to SLURP. */
const WINDOW_OPENER = /\b(?:in|within)(?:\s+the)?\s+$/i;
const PERIOD = /\b(?:week|month|year)$/i;
/** SLURP tags a bare "weekend" as a time ("my [time : weekend] events"), "[date : this weekend]" as a date. */
const BARE_WEEKEND = /^weekend$/i;
/** "ten minutes before" is one reminder offset to us; SLURP tags the amount ("ten minutes"). */
const OFFSET_DIRECTION = /\s+(?:before|after|prior|ahead|early|earlier|beforehand)$/i;

export function slurpSlots(command: Command): SlurpSlot[] {
  return command.slots.flatMap((slot) => {
    const type = slurpType(slot, command.text.slice(0, slot.start));
    if (!type) return [];
    let { start, end } = slot;
    if (slot.type === 'date') start += WEEKDAY_MODIFIER.exec(slot.text)?.[0].length ?? 0;
    if (slot.type === 'reminder_offset') end -= OFFSET_DIRECTION.exec(slot.text)?.[0].length ?? 0;
    return [{ type, start, end, value: command.text.slice(start, end) }];
  });
}

/** The SLURP label of a slot, given the text said before it. */
function slurpType(slot: Slot, before: string): string | undefined {
  switch (slot.type) {
    case 'date': {
      const window = PERIOD.test(slot.text) && WINDOW_OPENER.test(before);
      return REST_OF.test(slot.text) || BARE_WEEKEND.test(slot.text) || window ? 'time' : 'date';
    }
    case 'time':
    case 'duration':
    case 'reminder_offset':
      return 'time';
    case 'time_of_day':
      return 'timeofday';
    case 'recurrence':
      // SLURP tags day names as dates, "wednesdays" and "every june third" included; "every
      // friday", "daily" and "the fifteenth of every month" are frequencies.
      if (EVERY_MONTH_DAY.test(slot.text)) return 'date';
      return /^(?:every|each)\s/i.test(slot.text) || !/day/i.test(slot.text) ? 'general_frequency' : 'date';
    case 'event_title':
      return 'event_name';
    case 'attendee':
      return slot.value?.kind === 'attendee' ? slot.value.attendee : 'person';
    case 'location':
      return 'place_name';
    case 'meal':
      return 'meal_type';
  }
}

import type { TokenView } from '../temporal/token-view';
import type { Occupancy } from './draft';

/** Words that introduce the calendar an event goes on: "on my work calendar", "to the family calendar". */
const INTRODUCERS = new Set(['on', 'to', 'in', 'into', 'onto']);
const OWNERS = new Set(['my', 'the', 'our']);
const CALENDAR_NOUNS = new Set(['calendar', 'cal']);
/** A calendar's name is short: "work", "family", "team offsite". */
const MAX_NAME_WORDS = 3;

export interface CalendarPhrase {
  /** Token positions (inclusive) of the whole phrase, "on my work calendar". */
  from: number;
  to: number;
  /** The name as said: "work". */
  name: string;
}

/**
 * Finds "on my work calendar" and sets its words aside, so they name where an event goes and
 * never become part of its title or place. "on my calendar" names no calendar and is left alone.
 */
export function setAsideCalendarPhrase(v: TokenView, occupancy: Occupancy): CalendarPhrase | undefined {
  for (let noun = 2; noun < v.length; noun += 1) {
    if (!CALENDAR_NOUNS.has(v.word(noun))) continue;
    for (let from = noun - 2; from >= Math.max(0, noun - MAX_NAME_WORDS - 2); from -= 1) {
      if (!INTRODUCERS.has(v.word(from))) continue;
      const nameFrom = OWNERS.has(v.word(from + 1)) ? from + 2 : from + 1;
      if (nameFrom >= noun || noun - nameFrom > MAX_NAME_WORDS || !occupancy.areFree(from, noun)) break;
      const name = v.tokens
        .slice(nameFrom, noun)
        .map((token) => token.raw)
        .join(' ');
      for (let i = from; i <= noun; i += 1) occupancy.setAside(i);
      return { from, to: noun, name };
    }
  }
  return undefined;
}

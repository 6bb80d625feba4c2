import { MONTHS, PARTS_OF_DAY, TIME_UNITS, WEEKDAYS, WEEKDAY_PLURALS } from './calendar-words';
import { COMMON_WORDS } from './common-words';
import { EVENT_NOUNS, MEALS, VENUES } from './event-words';
import { CALENDAR_NOUNS, FILLERS, FUNCTION_WORDS, LIGHT_VERBS, REQUEST_VERBS, WAKE_WORDS } from './function-words';
import { RELATIONS } from './people-words';

const LEXICONS: readonly { has(word: string): boolean }[] = [
  FUNCTION_WORDS, REQUEST_VERBS, CALENDAR_NOUNS, LIGHT_VERBS, FILLERS, WAKE_WORDS, COMMON_WORDS, EVENT_NOUNS,
  VENUES, MEALS, RELATIONS, WEEKDAYS, WEEKDAY_PLURALS, MONTHS, PARTS_OF_DAY, TIME_UNITS,
];

/**
 * True for words the parser has a meaning for. A lower-case word outside all of them, in a
 * place where a name fits ("with ___", "in ___"), is taken for a name.
 */
export function isKnownWord(word: string): boolean {
  return LEXICONS.some((lexicon) => lexicon.has(word)) || /\d/.test(word);
}

/** Fixed calendar vocabulary: day and month names, parts of the day, units of time. */

export const WEEKDAYS: ReadonlyMap<string, number> = new Map([
  ['monday', 1], ['mon', 1],
  ['tuesday', 2], ['tues', 2], ['tue', 2],
  ['wednesday', 3], ['wed', 3], ['weds', 3],
  ['thursday', 4], ['thurs', 4], ['thur', 4], ['thu', 4],
  ['friday', 5], ['fri', 5],
  ['saturday', 6],
  ['sunday', 7],
]);

/** Plural weekday names mean "every such day": "on mondays". */
export const WEEKDAY_PLURALS: ReadonlyMap<string, number> = new Map([
  ['mondays', 1], ['tuesdays', 2], ['wednesdays', 3], ['thursdays', 4], ['fridays', 5], ['saturdays', 6], ['sundays', 7],
]);

export const MONTHS: ReadonlyMap<string, number> = new Map([
  ['january', 1], ['jan', 1], ['february', 2], ['feb', 2], ['march', 3], ['mar', 3], ['april', 4], ['apr', 4],
  ['may', 5], ['june', 6], ['jun', 6], ['july', 7], ['jul', 7], ['august', 8], ['aug', 8],
  ['september', 9], ['sept', 9], ['sep', 9], ['october', 10], ['oct', 10], ['november', 11], ['nov', 11],
  ['december', 12], ['dec', 12],
]);

/**
 * Month names that are also ordinary words ("may", "march") are months only where the context
 * says so; abbreviations that are ordinary words ("mar", "jun") only when followed by a day.
 */
export const AMBIGUOUS_MONTHS: ReadonlySet<string> = new Set(['may', 'march', 'mar', 'jan', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec', 'apr']);

export type PartOfDay = 'morning' | 'afternoon' | 'evening' | 'night' | 'noon' | 'midnight';

export const PARTS_OF_DAY: ReadonlyMap<string, PartOfDay> = new Map([
  ['morning', 'morning'], ['mornings', 'morning'], ['dawn', 'morning'], ['sunrise', 'morning'],
  ['afternoon', 'afternoon'], ['afternoons', 'afternoon'],
  ['evening', 'evening'], ['evenings', 'evening'], ['sunset', 'evening'],
  ['night', 'night'], ['nights', 'night'], ['tonight', 'night'], ['tonite', 'night'], ['overnight', 'night'],
  ['noon', 'noon'], ['midday', 'noon'], ['lunchtime', 'noon'], ['noontime', 'noon'],
  ['midnight', 'midnight'],
]);

/**
 * Local clock hours that each part of the day stands for: [start, end) in hours. The same as
 * the project's time resolver (src/nlu/time), so a slot and the window it yields agree.
 */
export const PART_OF_DAY_HOURS: Readonly<Record<PartOfDay, readonly [number, number]>> = {
  morning: [4, 12],
  afternoon: [12, 19],
  evening: [18, 24],
  night: [18, 24],
  noon: [12, 13],
  midnight: [0, 1],
};

export type TimeUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export const TIME_UNITS: ReadonlyMap<string, TimeUnit> = new Map([
  ['minute', 'minute'], ['minutes', 'minute'], ['min', 'minute'], ['mins', 'minute'], ['minuets', 'minute'],
  ['hour', 'hour'], ['hours', 'hour'], ['hr', 'hour'], ['hrs', 'hour'], ['hour\'s', 'hour'],
  ['day', 'day'], ['days', 'day'],
  ['week', 'week'], ['weeks', 'week'], ['wk', 'week'], ['wks', 'week'],
  ['month', 'month'], ['months', 'month'],
  ['year', 'year'], ['years', 'year'],
]);

export const UNIT_MINUTES: Readonly<Record<TimeUnit, number>> = {
  minute: 1, hour: 60, day: 1440, week: 10080, month: 43200, year: 525600,
};

/** "am"/"pm" as typed ("5pm", "p.m.") or as Whisper spells them ("p m"). */
export const MERIDIEM: ReadonlyMap<string, 'am' | 'pm'> = new Map([
  ['am', 'am'], ['a.m', 'am'], ['a.m.', 'am'], ['pm', 'pm'], ['p.m', 'pm'], ['p.m.', 'pm'],
]);

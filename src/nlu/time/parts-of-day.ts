/**
 * Named parts of the day and the hours they cover, end exclusive (24 = midnight). One table
 * for the grammar ("tomorrow morning") and for callers that need the range of a word.
 */
export type PartOfDayName = 'morning' | 'afternoon' | 'evening' | 'night' | 'lunch' | 'early morning' | 'late night';

export interface HourRange {
  readonly startHour: number;
  readonly endHour: number;
}

export const PARTS_OF_DAY: Readonly<Record<PartOfDayName, HourRange>> = {
  morning: { startHour: 4, endHour: 12 },
  afternoon: { startHour: 12, endHour: 19 },
  evening: { startHour: 18, endHour: 24 },
  night: { startHour: 18, endHour: 24 },
  lunch: { startHour: 12, endHour: 14 },
  'early morning': { startHour: 0, endHour: 9 },
  'late night': { startHour: 21, endHour: 24 },
};

const ALIASES: Readonly<Record<string, PartOfDayName>> = {
  morning: 'morning', mornings: 'morning', am: 'morning',
  afternoon: 'afternoon', afternoons: 'afternoon', afternoonish: 'afternoon', 'after noon': 'afternoon',
  evening: 'evening', evenings: 'evening', tonight: 'evening',
  night: 'night', nights: 'night',
  lunch: 'lunch', lunchtime: 'lunch', 'lunch time': 'lunch',
  'early morning': 'early morning', 'late night': 'late night', 'late tonight': 'late night',
};

/** "morning" -> 04:00-12:00; undefined for words that are not a part of the day. */
export function partOfDayRange(word: string): (HourRange & { readonly name: PartOfDayName }) | undefined {
  const name = ALIASES[word.trim().toLowerCase().replace(/\s+/g, ' ')];
  return name ? { name, ...PARTS_OF_DAY[name] } : undefined;
}

import type { PartOfDay } from '../lexicon/calendar-words';

/**
 * What a time phrase means, before it is placed on a calendar. Kept structural (weekday 5,
 * shift "next") rather than resolved, so the same tag resolves against any "now" and zone.
 */
export type TemporalMeaning =
  | { readonly kind: 'relative_day'; readonly days: number }
  | { readonly kind: 'weekday'; readonly weekday: number; readonly shift: WeekdayShift }
  | { readonly kind: 'calendar_date'; readonly day: number; readonly month?: number; readonly year?: number; readonly monthShift?: number }
  | { readonly kind: 'month'; readonly month: number; readonly year?: number; readonly monthShift?: number }
  | { readonly kind: 'period'; readonly unit: 'week' | 'weekend' | 'month' | 'year'; readonly shift: number }
  | { readonly kind: 'coming_days'; readonly days: number }
  | { readonly kind: 'rest_of'; readonly unit: 'day' | 'week' | 'month' | 'year' }
  | { readonly kind: 'clock'; readonly hour: number; readonly minute: number; readonly meridiem?: 'am' | 'pm'; readonly part?: PartOfDay }
  | { readonly kind: 'part_of_day'; readonly part: PartOfDay; readonly days?: number }
  | { readonly kind: 'duration'; readonly minutes: number }
  | { readonly kind: 'from_now'; readonly minutes: number }
  | { readonly kind: 'offset'; readonly minutes: number; readonly direction: 'before' | 'after' }
  | { readonly kind: 'recurrence'; readonly rule: string; readonly anchor?: TemporalMeaning };

/** "this friday", "next friday", "last friday", "friday next week", or plain "friday". */
export type WeekdayShift = 'none' | 'this' | 'next' | 'last' | 'next_week' | 'this_week';

export type TemporalSlotType = 'date' | 'time' | 'time_of_day' | 'duration' | 'recurrence' | 'reminder_offset';

/** A time phrase found in the tokens: which tokens it covers (inclusive) and what it means. */
export interface TemporalTag {
  readonly type: TemporalSlotType;
  readonly from: number;
  readonly to: number;
  readonly meaning: TemporalMeaning;
}

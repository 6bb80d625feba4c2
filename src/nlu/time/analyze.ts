/**
 * Everything time-related a command parser needs from one utterance, from a single parse:
 * resolved times, durations, recurrence rules and reminder offsets.
 */
import { chronoSeeds } from './chrono-seeds';
import { findDurations, type DurationMatch } from './durations';
import { parseText } from './parse-text';
import { findRecurrences, type RecurrenceMatch } from './recurrence';
import { findReminderOffsets, type ReminderMatch } from './reminders';
import { resolveParsed, type ResolveOptions, type TimeMatch, type TimeRef } from './resolve';
import { parseZone, refInstant } from './zone';

export interface TimeAnalysis {
  readonly times: readonly TimeMatch[];
  readonly durations: readonly DurationMatch[];
  readonly recurrences: readonly RecurrenceMatch[];
  readonly reminders: readonly ReminderMatch[];
}

export function analyzeTimes(text: string, ref: TimeRef, options: ResolveOptions = {}): TimeAnalysis {
  const zone = parseZone(ref.zone);
  const instant = refInstant(ref.now, zone);
  const parsed = parseText(text, options.chrono === false ? undefined : (piece) => chronoSeeds(piece, instant, zone));
  return {
    times: resolveParsed(parsed, ref, options),
    durations: findDurations(parsed),
    recurrences: findRecurrences(parsed.norm),
    reminders: findReminderOffsets(parsed),
  };
}

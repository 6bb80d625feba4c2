/**
 * Reminder offsets: "ten minutes before", "an hour prior", "a day in advance", "remind me 2 days
 * ahead". A duration followed by a time ("10 minutes before 5pm") is a time, not an offset, and
 * is left to resolveTimes.
 */
import { findDurations, type DurationMatch } from './durations';
import { parseText, type ParsedText } from './parse-text';

export interface ReminderMatch {
  readonly span: { readonly start: number; readonly end: number };
  readonly text: string;
  /** How long before the event; null when the unit has no fixed length (months). */
  readonly minutes: number | null;
  readonly duration: DurationMatch;
}

const AFTER = /^\s*(before(?:hand)?|prior(?: to)?|ahead(?: of time)?|in advance|early|earlier)\b/i;
// What may follow "before" in an offset: the end of the text, punctuation, or the event itself.
const EVENT_AFTER = /^\s*(?:$|[,.;!?]|(?:the|it|my|our|that|this|each|every|its|start|starting|meeting|event|call|appointment)\b)/i;

export function findReminderOffsets(input: string | ParsedText): ReminderMatch[] {
  const parsed = typeof input === 'string' ? parseText(input) : input;
  const original = parsed.norm.original;
  const out: ReminderMatch[] = [];
  for (const d of findDurations(parsed)) {
    const rest = original.slice(d.span.end);
    const m = AFTER.exec(rest);
    if (!m) continue;
    const word = (m[1] ?? '').toLowerCase();
    const after = rest.slice(m[0].length);
    if ((word === 'before' || word.startsWith('prior')) && !EVENT_AFTER.test(after)) continue;
    const end = d.span.end + m[0].length;
    out.push({ span: { start: d.span.start, end }, text: original.slice(d.span.start, end), minutes: d.minutes, duration: d });
  }
  return out;
}

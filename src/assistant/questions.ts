import type { TimeRange } from '../domain/ranges';
import { listInWords, type Phrasing } from './phrasing';
import type { Candidate, ChangePlan, Occurrence } from './plan';

export interface Question {
  text: string;
  spoken: string;
}

function named(o: Occurrence, say: Phrasing): string {
  return o.allDay ? `${o.title} ${say.hudDate(say.dateOf(o.startsAt))}` : `${o.title} ${say.hudDate(say.dateOf(o.startsAt))} ${say.hudClock(o.startsAt)}`;
}

function spokenNamed(o: Occurrence, say: Phrasing): string {
  return o.allDay ? `${o.title} ${say.spokenDate(say.dateOf(o.startsAt))}` : `${o.title} ${say.spokenAt(o.startsAt)}`;
}

/** "Which one: Design sync Tue 10:00 or Design review Fri 14:00?" */
export function whichQuestion(candidates: readonly Candidate[], say: Phrasing): Question {
  return {
    text: `Which one: ${listInWords(candidates.map((c) => named(c, say)), 'or')}?`,
    spoken: `Which one: ${listInWords(candidates.map((c) => spokenNamed(c, say)), 'or')}?`,
  };
}

/** "Just 'Standup' on Wed 09:00, or every 'Standup'?" */
export function scopeQuestion(target: Occurrence, say: Phrasing): Question {
  return {
    text: `Just '${target.title}' on ${say.hudDate(say.dateOf(target.startsAt))}${target.allDay ? '' : ` ${say.hudClock(target.startsAt)}`}, or every '${target.title}'?`,
    spoken: `Just the ${target.title} ${target.allDay ? say.spokenDate(say.dateOf(target.startsAt)) : say.spokenAt(target.startsAt)}, or every ${target.title}?`,
  };
}

/** "That overlaps 'Design review' (Fri 14:00–15:00). Free instead: Fri 15:00–15:30 or Fri 13:30–14:00. Book it anyway?" */
export function conflictQuestion(plan: ChangePlan, say: Phrasing): Question {
  const overlapped = listInWords(plan.conflicts.map((o) => `'${o.title}' (${say.hudWhen(o)})`));
  const spokenOverlapped = listInWords(plan.conflicts.map((o) => o.title));
  const slots = (ranges: readonly TimeRange[]) => listInWords(ranges.map((r) => say.hudRange(r.start, r.end)), 'or');
  const spokenSlots = listInWords(plan.alternatives.map((r) => say.spokenAt(r.start, true)), 'or');
  const what = plan.action === 'created' || plan.action === 'blocked' ? 'Book it anyway?' : 'Do it anyway?';
  if (plan.alternatives.length === 0) return { text: `That overlaps ${overlapped}. ${what}`, spoken: `That overlaps ${spokenOverlapped}. ${what}` };
  return {
    text: `That overlaps ${overlapped}. Free instead: ${slots(plan.alternatives)}. ${what}`,
    spoken: `That overlaps ${spokenOverlapped}. You're free ${spokenSlots}. ${what}`,
  };
}

import type { Plan, Candidate } from '../plan';
import type { Request } from '../request';
import { windowOf, type PlanContext } from './context';

/**
 * What is on in the window asked (today when none was given); with no window at all ("what's
 * my next meeting"), the next thing on the calendar.
 */
export function planAgenda(request: Request, ctx: PlanContext): Plan {
  if (!request.target) {
    const ahead = { start: ctx.now, end: ctx.now + ctx.config.lookaheadDays * 86_400_000 };
    // Reminders and all-day markers are free time; the next thing on the calendar is the next busy one.
    const next = ctx.view.busy(ahead).find((o) => !o.allDay && o.endsAt > ctx.now);
    return { kind: 'answer', intent: request.intent, answer: { type: 'events', entries: next ? [next] : [] } };
  }
  const window = windowOf(request.target, ctx);
  return { kind: 'answer', intent: request.intent, answer: { type: 'agenda', window, entries: ctx.view.occurrences(window) } };
}

/** When an event is: the one meant, or each of those the words may mean. */
export function planEventQuery(request: Request, matches: readonly Candidate[]): Plan {
  return { kind: 'answer', intent: request.intent, answer: { type: 'events', entries: matches.map(({ score: _score, ...occurrence }) => occurrence) } };
}

import type { CalendarEvent } from '../../domain/event';
import { instantToLocal } from '../../domain/time';
import { timedAt } from '../edits';
import { nothing, type Candidate, type ChangePlan, type NothingPlan } from '../plan';
import type { Request } from '../request';
import { titleFromWords } from '../title-words';
import { atLocal, change, localDate, type PlanContext } from './context';

const MINUTE_MS = 60_000;

/**
 * A reminder is a short event of its own (the configured reminder length, 15 minutes by default),
 * marked free so it never blocks time or makes a conflict: "Call mom" ten minutes before the
 * standup, or at the time said. The event model has no alarm field yet; the notification
 * schedule announces these events when they start.
 */
export function planReminder(request: Request, anchor: Candidate | undefined, ctx: PlanContext): ChangePlan | NothingPlan {
  const at = reminderTime(request, anchor, ctx);
  if (at === undefined) return nothing(request.intent, 'unclear', 'When should I remind you?');
  if (at < ctx.now) return nothing(request.intent, 'not-possible', `That time (${ctx.say.hudDate(ctx.say.dateOf(at))} ${ctx.say.hudClock(at)}) has already passed.`);
  // The task said ("to call mom") names the reminder; without one, the event it counts from does.
  const task = request.subject !== undefined && request.subject !== request.reference?.text ? request.subject : undefined;
  const title = task ? titleFromWords(task) : `Reminder: ${anchor?.title ?? 'reminder'}`;
  const range = { start: at, end: at + ctx.config.durations.reminder * MINUTE_MS };
  const start = timedAt(range.start, ctx.zone);
  const end = timedAt(range.end, ctx.zone);
  const event: CalendarEvent = { id: ctx.newId(), calendarId: ctx.calendarId, title, start, end, attendees: [], status: 'confirmed', transparency: 'transparent' };
  return change(ctx, {
    intent: request.intent,
    action: 'reminded',
    mutations: [{ name: 'createEvent', args: { event } }],
    result: { eventId: event.id, originalStart: instantToLocal(range.start, ctx.zone), title, start, end, startsAt: range.start, endsAt: range.end, allDay: false },
  });
}

function reminderTime(request: Request, anchor: Candidate | undefined, ctx: PlanContext): number | undefined {
  if (anchor) {
    const offset = (request.reminderOffset?.minutes ?? 0) * MINUTE_MS;
    return request.reminderOffset?.direction === 'after' ? anchor.endsAt + offset : anchor.startsAt - offset;
  }
  const target = request.target;
  if (!target) return undefined;
  const asked = Date.parse(target.when.start);
  return target.hasTime ? asked : atLocal(localDate(asked, ctx), ctx.config.reminderTime, ctx);
}

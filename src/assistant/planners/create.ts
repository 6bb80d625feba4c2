import type { CalendarEvent, EventTime } from '../../domain/event';
import type { TimeRange } from '../../domain/ranges';
import { addDaysToLocalDate, localToInstant } from '../../domain/time';
import type { EventKind } from '../config';
import { timedAt } from '../edits';
import { weekdayOf } from '../free-slots';
import { hudDuration } from '../phrasing';
import { nothing, type ChangePlan, type NothingPlan } from '../plan';
import type { Request } from '../request';
import { capitalize, titleFromWords } from '../title-words';
import { atLocal, change, conflictsAt, findSlot, isExactTime, localDate, namesDays, windowOf, type PlanContext } from './context';

const MINUTE_MS = 60_000;

const DEFAULT_TITLES: Readonly<Record<EventKind, string>> = {
  meeting: 'Meeting', call: 'Call', breakfast: 'Breakfast', brunch: 'Brunch', lunch: 'Lunch', dinner: 'Dinner', focus: 'Focus time', reminder: 'Reminder',
};

/** Where a meal goes when only its day is given; outside working hours for breakfast and dinner. */
const MEAL_HOURS: Partial<Readonly<Record<EventKind, [string, string]>>> = {
  breakfast: ['07:30', '10:00'], brunch: ['10:00', '13:00'], lunch: ['12:00', '14:00'], dinner: ['18:00', '21:00'],
};

const BYDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/**
 * A new event: at the time said; on the day(s) said as an all-day event when the words say "all
 * day" or name several days; otherwise in the first free slot of the window said (a part of the
 * day, a day, a week) inside working hours, a meal in its usual hours first. Its length is the one
 * said or the default for its kind. A recurring event starts on the first day its rule allows.
 */
export function planCreate(request: Request, ctx: PlanContext): ChangePlan | NothingPlan {
  const target = request.target;
  if (!target) return nothing(request.intent, 'unclear', 'When should it be?');
  const title = request.subject ? titleFromWords(request.subject, request.attendees) : DEFAULT_TITLES[request.kind];
  const minutes = request.duration && request.duration.minutes > 0 ? request.duration.minutes : ctx.config.durations[request.kind];
  const durationMs = minutes * MINUTE_MS;
  const window = windowOf(target, ctx);

  let start: EventTime;
  let end: EventTime;
  let range: TimeRange | undefined;
  if (request.allDay && !target.hasTime) {
    const first = localDate(window.start, ctx);
    const last = localDate(window.end - 1, ctx);
    start = { date: first };
    end = { date: addDaysToLocalDate(last, 1) };
  } else {
    range = isExactTime(target) ? exactRange(target.when, durationMs) : slotIn(request, ctx, window, durationMs, namesDays(target));
    if (!range) return nothing(request.intent, 'no-slot', `I couldn't find a free ${hudDuration(minutes)} ${ctx.say.hudWindow(window)}.`);
    if (request.recurrence) range = firstAllowedDay(range, request.recurrence, ctx);
    start = timedAt(range.start, ctx.zone);
    end = timedAt(range.end, ctx.zone);
  }

  const allDay = 'date' in start;
  const event: CalendarEvent = {
    id: ctx.newId(),
    calendarId: ctx.calendarId,
    title,
    start,
    end,
    attendees: request.attendees.map((name) => ({ name: capitalize(name), response: 'needsAction', optional: false })),
    status: 'confirmed',
    // An all-day entry (a birthday, a trip) is shown but does not block the day, as providers do by default.
    transparency: allDay ? 'transparent' : 'opaque',
    ...(request.location !== undefined && { location: capitalize(request.location) }),
    ...(request.recurrence !== undefined && { recurrence: { rule: request.recurrence, exdates: [] } }),
  };
  const occurrence = {
    eventId: event.id,
    originalStart: 'date' in start ? start.date : start.dateTime,
    title,
    start,
    end,
    startsAt: range?.start ?? localToInstant((start as { date: string }).date, ctx.zone),
    endsAt: range?.end ?? localToInstant((end as { date: string }).date, ctx.zone),
    allDay,
    ...(event.location !== undefined && { location: event.location }),
  };
  const action = request.intent === 'block_focus_time' ? 'blocked' : 'created';
  const plan = change(ctx, { intent: request.intent, action, mutations: [{ name: 'createEvent', args: { event } }], result: occurrence, ...(request.recurrence && { rule: request.recurrence }) });
  return range ? { ...plan, ...conflictsAt(ctx, range, () => false) } : plan;
}

function exactRange(when: { start: string; end?: string }, durationMs: number): TimeRange {
  const start = Date.parse(when.start);
  const end = when.end !== undefined ? Date.parse(when.end) : start + durationMs;
  return { start, end: end > start ? end : start + durationMs };
}

function slotIn(request: Request, ctx: PlanContext, window: TimeRange, durationMs: number, anyDay: boolean): TimeRange | undefined {
  const meal = MEAL_HOURS[request.kind];
  const preferred = meal && anyDay ? mealWindows(window, meal, ctx) : [];
  return findSlot(ctx, window, durationMs, { anyDay, preferred });
}

function mealWindows(window: TimeRange, [from, to]: [string, string], ctx: PlanContext): TimeRange[] {
  const windows: TimeRange[] = [];
  for (let date = localDate(window.start, ctx); date <= localDate(window.end - 1, ctx); date = addDaysToLocalDate(date, 1)) {
    const start = Math.max(window.start, atLocal(date, from, ctx));
    const end = Math.min(window.end, atLocal(date, to, ctx));
    if (end > start) windows.push({ start, end });
  }
  return windows;
}

/** "every tuesday at two pm" said on a Monday starts on Tuesday, at the same wall time. */
function firstAllowedDay(range: TimeRange, rule: string, ctx: PlanContext): TimeRange {
  const days = /BYDAY=([A-Z,]+)/.exec(rule)?.[1]?.split(',').map((code) => BYDAY_CODES.indexOf(code) + 1).filter((day) => day > 0) ?? [];
  if (days.length === 0) return range;
  const date = localDate(range.start, ctx);
  const clock = timedAt(range.start, ctx.zone);
  let next = date;
  while (!days.includes(weekdayOf(next))) next = addDaysToLocalDate(next, 1);
  const start = atLocal(next, 'dateTime' in clock ? clock.dateTime.slice(11, 16) : '00:00', ctx);
  return { start, end: start + (range.end - range.start) };
}

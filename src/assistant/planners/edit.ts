import type { EventTime } from '../../domain/event';
import type { TimeRange } from '../../domain/ranges';
import { addDaysToLocalDate, daysBetweenLocalDates, floatingMs, floatingToInstant, instantToLocal, localToInstant } from '../../domain/time';
import { cancelMutations, editMutations, timedAt, zoneOfTime, type EventFields } from '../edits';
import { weekdayOf } from '../free-slots';
import { isPerson } from '../people';
import { nothing, type Candidate, type ChangePlan, type NothingPlan, type Occurrence } from '../plan';
import type { Request, Scope } from '../request';
import { capitalize, titleFromWords } from '../title-words';
import { atLocal, change, conflictsAt, findSlot, ignoring, isExactTime, localDate, windowOf, type PlanContext } from './context';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1_440;

type Result = ChangePlan | NothingPlan;

const quoted = (title: string) => `'${title}'`;

function clockOf(instant: number, ctx: PlanContext): string {
  return instantToLocal(instant, ctx.zone).slice(11, 16);
}

function placed(target: Occurrence, start: EventTime, end: EventTime, range: TimeRange): Occurrence {
  return { ...target, start, end, startsAt: range.start, endsAt: range.end };
}

/**
 * Where a moved event goes, keeping its length: at the clock time said (on its own day when no
 * day was said), on the day said at its own time of day, on its weekday of the week said, or in
 * the first free slot (working hours) of a part of the day ("thursday morning"); then by the
 * shift said ("back an hour"), in wall-clock time. An all-day event moves by whole days.
 */
export function planMove(request: Request, target: Candidate, scope: Scope | undefined, ctx: PlanContext): Result {
  const wanted = request.target;
  const shift = request.shift?.minutes ?? 0;
  if (!wanted && shift === 0) return nothing(request.intent, 'unclear', 'When should I move it to?');
  const series = scope === 'series';
  if (target.allDay) {
    if (wanted?.hasTime || shift % DAY_MINUTES !== 0) return nothing(request.intent, 'not-possible', `${quoted(target.title)} is an all-day event; tell me the day to move it to.`);
    const first = addDaysToLocalDate(localDate(wanted ? windowOf(wanted, ctx).start : target.startsAt, ctx), shift / DAY_MINUTES);
    const days = daysBetweenLocalDates(localDate(target.startsAt, ctx), localDate(target.endsAt, ctx));
    const start = { date: first };
    const end = { date: addDaysToLocalDate(first, days) };
    const range = { start: localToInstant(first, ctx.zone), end: localToInstant(end.date, ctx.zone) };
    return change(ctx, { intent: request.intent, action: 'moved', mutations: editMutations(ctx.view, target, scope, { start, end }, ctx.newId), result: placed(target, start, end, range), ...(scope && { scope }) });
  }
  const durationMs = target.endsAt - target.startsAt;
  const moved = wanted ? movedRange(request, target, durationMs, series, ctx) : { start: target.startsAt, end: target.endsAt };
  if (!moved) return nothing(request.intent, 'no-slot', `I couldn't find a free ${Math.round(durationMs / MINUTE_MS)} minutes ${ctx.say.hudWindow(windowOf(wanted!, ctx))}.`);
  const shiftedStart = wallClockPlus(moved.start, shift, ctx);
  const range = { start: shiftedStart, end: shiftedStart + (moved.end - moved.start) };
  if (series && localDate(range.start, ctx) !== localDate(target.startsAt, ctx)) {
    return nothing(request.intent, 'not-possible', `I can move every ${quoted(target.title)} to another time of day, not to another day. Say which one to move.`);
  }
  const zone = zoneOfTime(target.start, ctx.zone);
  const start = timedAt(range.start, zone);
  const end = timedAt(range.end, zone);
  const plan = change(ctx, { intent: request.intent, action: 'moved', mutations: editMutations(ctx.view, target, scope, { start, end }, ctx.newId), result: placed(target, start, end, range), ...(scope && { scope }) });
  return { ...plan, ...conflictsAt(ctx, range, ignoring(target, series)) };
}

/** An instant moved by minutes of wall-clock time: "a day later" keeps 10:00 across a DST change. */
function wallClockPlus(instant: number, minutes: number, ctx: PlanContext): number {
  return minutes === 0 ? instant : floatingToInstant(floatingMs(instantToLocal(instant, ctx.zone)) + minutes * MINUTE_MS, ctx.zone);
}

function movedRange(request: Request, target: Candidate, durationMs: number, series: boolean, ctx: PlanContext): TimeRange | undefined {
  const wanted = request.target!;
  const asked = Date.parse(wanted.when.start);
  if (isExactTime(wanted)) {
    const start = wanted.hasDate ? asked : atLocal(localDate(target.startsAt, ctx), clockOf(asked, ctx), ctx);
    const askedLength = wanted.when.end !== undefined ? Date.parse(wanted.when.end) - asked : 0;
    return { start, end: start + (askedLength > 0 ? askedLength : durationMs) };
  }
  if (wanted.when.grain === 'day') {
    const start = atLocal(localDate(asked, ctx), clockOf(target.startsAt, ctx), ctx);
    return { start, end: start + durationMs };
  }
  if (wanted.when.grain === 'week') {
    const weekStart = localDate(asked, ctx);
    const date = addDaysToLocalDate(weekStart, weekdayOf(localDate(target.startsAt, ctx)) - weekdayOf(weekStart));
    const start = atLocal(date, clockOf(target.startsAt, ctx), ctx);
    return { start, end: start + durationMs };
  }
  return findSlot(ctx, windowOf(wanted, ctx), durationMs, { anyDay: true, ignore: ignoring(target, series) });
}

/** A new length: the one said, or the current one changed by it ("by fifteen minutes"). */
export function planResize(request: Request, target: Candidate, scope: Scope | undefined, ctx: PlanContext): Result {
  const asked = request.duration;
  if (!asked) return nothing(request.intent, 'unclear', 'How long should it be?');
  const currentMinutes = Math.round((target.endsAt - target.startsAt) / MINUTE_MS);
  const minutes = asked.relative ? currentMinutes + asked.minutes : asked.minutes;
  if (minutes <= 0) return nothing(request.intent, 'not-possible', `${quoted(target.title)} is only ${currentMinutes} minutes long.`);
  if (minutes === currentMinutes) return nothing(request.intent, 'no-change', `${quoted(target.title)} is already ${currentMinutes} minutes long.`);
  if (target.allDay) {
    const first = localDate(target.startsAt, ctx);
    const end = { date: addDaysToLocalDate(first, Math.max(1, Math.round(minutes / DAY_MINUTES))) };
    const range = { start: target.startsAt, end: localToInstant(end.date, ctx.zone) };
    return change(ctx, { intent: request.intent, action: 'resized', mutations: editMutations(ctx.view, target, scope, { start: target.start, end }, ctx.newId), result: placed(target, target.start, end, range), ...(scope && { scope }) });
  }
  const range = { start: target.startsAt, end: target.startsAt + minutes * MINUTE_MS };
  const end = timedAt(range.end, zoneOfTime(target.end, ctx.zone));
  const plan = change(ctx, { intent: request.intent, action: 'resized', mutations: editMutations(ctx.view, target, scope, { start: target.start, end }, ctx.newId), result: placed(target, target.start, end, range), ...(scope && { scope }) });
  return { ...plan, ...conflictsAt(ctx, range, ignoring(target, scope === 'series')) };
}

export function planCancel(request: Request, target: Candidate, scope: Scope | undefined, ctx: PlanContext): Result {
  return change(ctx, { intent: request.intent, action: 'cancelled', mutations: cancelMutations(ctx.view, target, scope, ctx.newId), result: target, ...(scope && { scope }) });
}

/** A new title or place. */
export function planUpdate(request: Request, target: Candidate, scope: Scope | undefined, ctx: PlanContext): Result {
  const fields: EventFields = {};
  if (request.title !== undefined) fields.title = titleFromWords(request.title);
  if (request.location !== undefined) fields.location = capitalize(request.location);
  if (fields.title === undefined && fields.location === undefined) return nothing(request.intent, 'unclear', `What should I change about ${quoted(target.title)}?`);
  const event = ctx.view.requireEvent(target.eventId);
  if ((fields.title ?? event.title) === event.title && (fields.location ?? event.location) === event.location) {
    return nothing(request.intent, 'no-change', `${quoted(target.title)} already is like that.`);
  }
  const result = { ...target, ...(fields.title !== undefined && { title: fields.title }), ...(fields.location !== undefined && { location: fields.location }) };
  return change(ctx, {
    intent: request.intent,
    action: fields.title !== undefined ? 'renamed' : 'relocated',
    mutations: editMutations(ctx.view, target, scope, { fields }, ctx.newId),
    result,
    ...(fields.title !== undefined && { previousTitle: target.title }),
    ...(scope && { scope }),
  });
}

/** Invites people to, or takes them off, an event; those already there (or not there) are left alone. */
export function planAttendees(request: Request, target: Candidate, scope: Scope | undefined, ctx: PlanContext): Result {
  if (request.attendees.length === 0) return nothing(request.intent, 'unclear', request.intent === 'add_attendees' ? 'Who should I invite?' : 'Who should I remove?');
  const event = ctx.view.requireEvent(target.eventId);
  const adding = request.intent === 'add_attendees';
  const present = (name: string) => event.attendees.some((attendee) => isPerson(name, attendee));
  const people = request.attendees.filter((name) => present(name) !== adding).map(capitalize);
  if (people.length === 0) {
    const names = request.attendees.map(capitalize);
    const are = `${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'}`;
    return nothing(request.intent, 'no-change', adding ? `${are} already on ${quoted(target.title)}.` : `${are} not on ${quoted(target.title)}.`);
  }
  const attendees = adding
    ? [...event.attendees, ...people.map((name) => ({ name, response: 'needsAction' as const, optional: false }))]
    : event.attendees.filter((attendee) => !people.some((name) => isPerson(name, attendee)));
  return change(ctx, {
    intent: request.intent,
    action: adding ? 'invited' : 'uninvited',
    mutations: editMutations(ctx.view, target, scope, { fields: { attendees } }, ctx.newId),
    result: target,
    people,
    ...(scope && { scope }),
  });
}

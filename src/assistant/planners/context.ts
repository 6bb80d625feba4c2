import type { TimeRange } from '../../domain/ranges';
import { addDaysToLocalDate, instantToLocal, localToInstant } from '../../domain/time';
import type { CalendarView } from '../calendar-view';
import type { AssistantConfig } from '../config';
import { firstFreeSlot, nearestFreeSlots, workingWindows, type SlotSearch } from '../free-slots';
import type { Phrasing } from '../phrasing';
import type { ChangePlan, Occurrence } from '../plan';
import { changeSentence } from '../reply';
import type { TargetTime } from '../request';

const MINUTE_MS = 60_000;

/** What every planner works with during one turn. */
export interface PlanContext {
  view: CalendarView;
  zone: string;
  now: number;
  config: AssistantConfig;
  say: Phrasing;
  newId: () => string;
  /** The calendar new events go to: the one the command named, else the default. */
  calendarId: string;
  /** Why the calendar the command named cannot take a new event (unknown, read-only). */
  calendarProblem?: string;
}

/** Fills in a change's label (its HUD sentence). */
export function change(ctx: PlanContext, plan: Omit<ChangePlan, 'kind' | 'label' | 'conflicts' | 'alternatives'>): ChangePlan {
  const full = { kind: 'change' as const, ...plan, conflicts: [], alternatives: [] };
  return { ...full, label: changeSentence(full, ctx.say) };
}

/** Whether the words fixed a clock time (as opposed to a day, a part of the day or a week). */
export function isExactTime(target: TargetTime): boolean {
  return target.hasTime && (target.when.grain === 'minute' || target.when.grain === 'hour');
}

/** The window a target names: its range, or the whole day for a day without an end. */
export function windowOf(target: TargetTime, ctx: PlanContext): TimeRange {
  const start = Date.parse(target.when.start);
  if (target.when.end !== undefined) return { start, end: Date.parse(target.when.end) };
  const day = instantToLocal(start, ctx.zone).slice(0, 10);
  return { start: target.when.allDay ? localToInstant(day, ctx.zone) : start, end: localToInstant(addDaysToLocalDate(day, 1), ctx.zone) };
}

/** Whether a window names particular days (so a weekend day counts) rather than a week or month. */
export function namesDays(target: TargetTime): boolean {
  return target.when.grain !== 'week' && target.when.grain !== 'month' && target.when.grain !== 'year';
}

export function localDate(instant: number, ctx: PlanContext): string {
  return instantToLocal(instant, ctx.zone).slice(0, 10);
}

/** The instant of a local date and HH:mm clock time in the user's zone. */
export function atLocal(date: string, clock: string, ctx: PlanContext): number {
  return localToInstant(`${date}T${clock}:00`, ctx.zone);
}

function search(ctx: PlanContext, windows: readonly TimeRange[], durationMs: number, ignore: (o: Occurrence) => boolean): SlotSearch {
  const span = windows.length > 0 ? { start: windows[0]!.start, end: Math.max(...windows.map((w) => w.end)) } : { start: ctx.now, end: ctx.now + 1 };
  const bufferMs = ctx.config.bufferMinutes * MINUTE_MS;
  const busy = ctx.view.busy({ start: span.start - bufferMs, end: span.end + bufferMs }, ignore);
  return { windows, busy: busy.map((o) => ({ start: o.startsAt, end: o.endsAt })), durationMs, bufferMs, stepMinutes: ctx.config.slotStepMinutes, zone: ctx.zone, notBefore: ctx.now };
}

/** The first free slot of a length inside working hours of a window (preferred windows first). */
export function findSlot(ctx: PlanContext, window: TimeRange, durationMs: number, options: { anyDay: boolean; ignore?: (o: Occurrence) => boolean; preferred?: TimeRange[] }): TimeRange | undefined {
  const ignore = options.ignore ?? (() => false);
  const working = workingWindows(window, ctx.zone, ctx.config.workingHours, options.anyDay);
  for (const windows of [options.preferred ?? [], working]) {
    if (windows.length === 0) continue;
    const slot = firstFreeSlot(search(ctx, windows, durationMs, ignore));
    if (slot) return slot;
  }
  return undefined;
}

/**
 * What a proposed time would double-book, and the nearest free slots of the same length
 * (working hours of that day and the week after it) to offer instead.
 */
export function conflictsAt(ctx: PlanContext, proposed: TimeRange, ignore: (o: Occurrence) => boolean): Pick<ChangePlan, 'conflicts' | 'alternatives'> {
  const conflicts = ctx.view.busy(proposed, ignore);
  if (conflicts.length === 0) return { conflicts, alternatives: [] };
  const day = localDate(proposed.start, ctx);
  const range = { start: localToInstant(day, ctx.zone), end: localToInstant(addDaysToLocalDate(day, ctx.config.searchDays), ctx.zone) };
  const windows = workingWindows(range, ctx.zone, ctx.config.workingHours, false);
  const sameDay = workingWindows({ start: range.start, end: localToInstant(addDaysToLocalDate(day, 1), ctx.zone) }, ctx.zone, ctx.config.workingHours, true);
  const all = [...sameDay, ...windows.filter((w) => w.start >= sameDay.at(-1)!.end)];
  const alternatives = nearestFreeSlots(search(ctx, all, proposed.end - proposed.start, ignore), proposed.start, ctx.config.alternatives);
  return { conflicts, alternatives };
}

/** Ignores one occurrence (the one being changed), or every instance of its series. */
export function ignoring(occurrence: Occurrence | undefined, wholeSeries = false): (o: Occurrence) => boolean {
  if (!occurrence) return () => false;
  if (wholeSeries && occurrence.seriesId) return (o) => o.seriesId === occurrence.seriesId;
  return (o) => o.eventId === occurrence.eventId && o.originalStart === occurrence.originalStart;
}

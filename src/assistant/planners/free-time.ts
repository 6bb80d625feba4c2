import { alignToGrid, freeIntervals, workingWindows } from '../free-slots';
import type { Plan } from '../plan';
import type { Request } from '../request';
import { windowOf, type PlanContext } from './context';
import { searchWindow } from './search-window';

const MINUTE_MS = 60_000;

/**
 * Free time: the gaps of at least the length asked (30 minutes by default) inside working hours
 * of the window, in the user's zone, around busy blocks and their buffers, starting on the grid.
 */
export function planFreeTime(request: Request, ctx: PlanContext): Plan {
  const minutes = request.duration && request.duration.minutes > 0 ? request.duration.minutes : ctx.config.durations.meeting;
  const { window, anyDay } = searchWindow(request, ctx);
  const bufferMs = ctx.config.bufferMinutes * MINUTE_MS;
  const windows = window.end > window.start ? workingWindows(window, ctx.zone, ctx.config.workingHours, anyDay) : [];
  const busy = windows.length > 0 ? ctx.view.busy({ start: window.start - bufferMs, end: window.end + bufferMs }).map((o) => ({ start: o.startsAt, end: o.endsAt })) : [];
  const free = freeIntervals({ windows, busy, bufferMs, zone: ctx.zone, notBefore: ctx.now }, minutes * MINUTE_MS)
    .map((range) => ({ start: alignToGrid(range.start, ctx.zone, ctx.config.slotStepMinutes, 'up'), end: range.end }))
    .filter((range) => range.end - range.start >= minutes * MINUTE_MS);
  const shown = request.target && !request.target.before ? windowOf(request.target, ctx) : window;
  return { kind: 'answer', intent: request.intent, answer: { type: 'free', window: shown, minutes, free } };
}

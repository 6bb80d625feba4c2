import type { TimeRange } from '../../domain/ranges';
import type { Request, TargetTime } from '../request';
import { namesDays, windowOf, type PlanContext } from './context';

const DAY_MS = 86_400_000;

/**
 * Where to look for free time: the window said; up to its start for "before friday"; the coming
 * days (searchDays) when nothing was said. Never before now.
 */
export function searchWindow(request: Request, ctx: PlanContext): { window: TimeRange; anyDay: boolean } {
  const target: TargetTime | undefined = request.target;
  if (!target) return { window: { start: ctx.now, end: ctx.now + ctx.config.searchDays * DAY_MS }, anyDay: false };
  const named = windowOf(target, ctx);
  if (target.before) return { window: { start: ctx.now, end: named.start }, anyDay: false };
  return { window: { start: Math.max(ctx.now, named.start), end: named.end }, anyDay: namesDays(target) };
}

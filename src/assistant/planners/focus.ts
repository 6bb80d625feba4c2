import { nothing, type ChangePlan, type NothingPlan } from '../plan';
import type { Request } from '../request';
import { isExactTime, type PlanContext } from './context';
import { planCreate } from './create';
import { searchWindow } from './search-window';

/**
 * Focus time is a new event of the focus length (two hours by default) in the first free slot of
 * the window said ("two hours of deep work before friday": from now until Friday starts), inside
 * working hours; at the time said when a clock time was given.
 */
export function planFocus(request: Request, ctx: PlanContext): ChangePlan | NothingPlan {
  if (request.target && isExactTime(request.target) && !request.target.before) return planCreate(request, ctx);
  const { window, anyDay } = searchWindow(request, ctx);
  if (window.end <= window.start) return nothing(request.intent, 'no-slot', 'That time has already passed.');
  const when = { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString(), allDay: false, grain: anyDay ? 'day' : 'week' } as const;
  return planCreate({ ...request, allDay: false, target: { when, hasDate: true, hasTime: false, before: false } }, ctx);
}

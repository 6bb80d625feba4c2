import { ApiError } from '../../api/errors';
import type { Handlers } from '../../api/contract';
import type { Calendar } from '../../domain/event';
import type { HostContext } from '../context';

export function calendarHandlers(ctx: HostContext): Pick<Handlers, 'calendars.list' | 'host.info'> {
  return {
    'calendars.list': () => ctx.store.listCalendars(),
    'host.info': () => ({ version: ctx.version, dataDir: ctx.dataDir, readOnly: ctx.store.readOnly, timeZone: ctx.timeZone }),
  };
}

/** The calendar a new event goes to: the one named, or else the default one (see CalendarStore). */
export function pickCalendar(ctx: HostContext, idOrName: string | undefined): Calendar {
  if (idOrName !== undefined) {
    const found = ctx.store.findCalendars(idOrName);
    if (found.length === 0) throw new ApiError('not-found', `no calendar called "${idOrName}"`);
    if (found.length > 1) throw new ApiError('invalid-args', `more than one calendar is called "${idOrName}"; use its id`);
    return found[0]!;
  }
  const writable = ctx.store.defaultCalendar();
  if (!writable) throw new ApiError('read-only', 'every calendar is read-only; there is nowhere to add an event');
  return writable;
}

import { ApiError } from '../../api/errors';
import type { Handlers } from '../../api/contract';
import { parseMoment } from '../../domain/time';
import type { HostContext } from '../context';

export function agendaHandlers(ctx: HostContext): Pick<Handlers, 'agenda.list'> {
  return {
    'agenda.list': ({ from, to, timeZone }) => {
      const zone = timeZone ?? ctx.timeZone;
      const start = parseMoment(from, zone)!;
      const end = parseMoment(to, zone)!;
      if (end <= start) throw new ApiError('invalid-args', `the end of the range (${to}) must be after its start (${from})`);
      return { timeZone: zone, from: start, to: end, entries: ctx.store.agenda({ start, end }, zone) };
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { Handlers } from '../../api/contract';
import type { CalendarEvent } from '../../domain/event';
import { isValidLocalDate, normalizeLocalDateTime } from '../../domain/time';
import type { HostContext } from '../context';
import { pickCalendar } from './calendars';

export function eventHandlers(ctx: HostContext): Pick<Handlers, 'events.get' | 'events.create' | 'events.delete'> {
  return {
    'events.get': ({ id }) => ctx.store.getEvent(ctx.store.resolveEventId(id))!,

    'events.create': (args) => {
      const calendar = pickCalendar(ctx, args.calendar);
      const zone = args.timeZone ?? ctx.timeZone;
      const allDay = isValidLocalDate(args.start);
      const event: CalendarEvent = {
        id: randomUUID(),
        calendarId: calendar.id,
        title: args.title,
        start: allDay ? { date: args.start } : { dateTime: normalizeLocalDateTime(args.start), timeZone: zone },
        end: allDay ? { date: args.end } : { dateTime: normalizeLocalDateTime(args.end), timeZone: zone },
        ...(args.location !== undefined && { location: args.location }),
        ...(args.description !== undefined && { description: args.description }),
        ...(args.recurrence !== undefined && { recurrence: { rule: args.recurrence, exdates: [] } }),
        attendees: [],
        status: 'confirmed',
        transparency: 'opaque',
      };
      const change = ctx.store.apply(`add "${event.title}"`, [{ name: 'createEvent', args: { event } }]);
      ctx.emit('calendar.changed', { reason: 'local', eventIds: [event.id] });
      return { event: ctx.store.getEvent(event.id)!, changeSetId: change.changeSetId };
    },

    'events.delete': ({ id }) => {
      const eventId = ctx.store.resolveEventId(id);
      const event = ctx.store.getEvent(eventId)!;
      const change = ctx.store.apply(`delete "${event.title}"`, [{ name: 'deleteEvent', args: { eventId } }]);
      ctx.emit('calendar.changed', { reason: 'local', eventIds: change.items.map((item) => item.eventId) });
      return { event, changeSetId: change.changeSetId };
    },
  };
}

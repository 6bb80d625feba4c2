import type { Handlers } from '../../api/contract';
import type { HostContext } from '../context';

export function historyHandlers(ctx: HostContext): Pick<Handlers, 'history.undo'> {
  return {
    'history.undo': () => {
      const result = ctx.store.undo();
      if (!result) return { undone: null };
      const eventIds = [...new Set(result.undone.items.map((item) => item.eventId))];
      ctx.emit('calendar.changed', { reason: 'undo', eventIds });
      return { undone: { label: result.undone.label, eventIds } };
    },
  };
}

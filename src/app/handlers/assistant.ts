import type { Handlers } from '../../api/contract';
import type { Assistant, Turn } from '../../assistant';
import { parseMoment } from '../../domain/time';
import type { HostContext } from '../context';

/** Tells every UI what a turn of the host's assistant changed. */
export function tellChanges(ctx: HostContext, turn: Turn): Turn {
  if (turn.eventIds.length > 0) ctx.emit('calendar.changed', { reason: turn.outcome === 'undone' ? 'undo' : 'local', eventIds: turn.eventIds });
  return turn;
}

/**
 * `assistant.*` over the host's one assistant, so the question it waits on belongs to the host
 * (every face of it, the Voice Console included, sees the same conversation).
 */
export function assistantHandlers(ctx: HostContext, assistant: Assistant): Pick<Handlers, 'assistant.say' | 'assistant.pending' | 'assistant.dismiss'> {
  return {
    'assistant.say': async ({ text, now, timeZone, confirm }) => {
      const zone = timeZone ?? ctx.timeZone;
      const said = now === undefined ? undefined : parseMoment(now, zone);
      return tellChanges(ctx, await assistant.say(text, { zone, confirm: confirm ?? false, ...(said !== undefined && { now: said }) }));
    },
    'assistant.pending': () => assistant.pendingQuestion() ?? null,
    'assistant.dismiss': () => {
      const waiting = assistant.pendingQuestion() !== undefined;
      assistant.dismiss();
      return { dismissed: waiting };
    },
  };
}

import type { Handlers } from '../../api/contract';
import { Assistant, type AssistantConfigInput, type EventEmbedder } from '../../assistant';
import { parseMoment } from '../../domain/time';
import type { HostContext } from '../context';

export interface AssistantHandlerOptions {
  config?: AssistantConfigInput;
  embedder?: EventEmbedder;
}

/**
 * The assistant behind `assistant.*`: one per host, so the question it waits on belongs to the
 * host (every face of it sees the same conversation).
 */
export function assistantHandlers(ctx: HostContext, options: AssistantHandlerOptions = {}): Pick<Handlers, 'assistant.say' | 'assistant.pending' | 'assistant.dismiss'> {
  const assistant = new Assistant({ store: ctx.store, zone: ctx.timeZone, clock: ctx.now, ...options });
  return {
    'assistant.say': async ({ text, now, timeZone, confirm }) => {
      const zone = timeZone ?? ctx.timeZone;
      const said = now === undefined ? undefined : parseMoment(now, zone);
      const turn = await assistant.say(text, { zone, confirm: confirm ?? false, ...(said !== undefined && { now: said }) });
      if (turn.eventIds.length > 0) ctx.emit('calendar.changed', { reason: turn.outcome === 'undone' ? 'undo' : 'local', eventIds: turn.eventIds });
      return turn;
    },
    'assistant.pending': () => assistant.pendingQuestion() ?? null,
    'assistant.dismiss': () => {
      const waiting = assistant.pendingQuestion() !== undefined;
      assistant.dismiss();
      return { dismissed: waiting };
    },
  };
}

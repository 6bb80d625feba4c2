import { randomUUID } from 'node:crypto';
import { VOICE_SAMPLE_RATE, type Handlers, type HeardText, type VoiceEngineState, type VoiceOutcome } from '../../api/contract';
import { ApiError } from '../../api/errors';
import type { Assistant, Preview } from '../../assistant';
import type { Command } from '../../nlu/command';
import type { CommandEngine } from '../../store';
import { describeError } from '../../voice/errors';
import { ListenSession } from '../../voice/listen/listen-session';
import type { RoutedTranscript } from '../../voice/stt/router';
import type { HostContext } from '../context';
import { toApiError, type SpeechEngines } from '../voice/speech-engines';
import { decodePcm16, Utterances } from '../voice/utterances';
import { tellChanges } from './assistant';

/** A planned change waits this long for Confirm; then it has to be said again. */
export const CONFIRMATION_TTL_MS = 120_000;
const MAX_WAITING_CONFIRMATIONS = 8;

interface HeldPlan {
  /** What was understood (the words are not understood again: a cloud model need not answer twice). */
  command: Command;
  engine: CommandEngine | undefined;
  saidAt: number;
  proposal: string;
  expiresAt: number;
}

/** The sentence to confirm, for a plan that changes the calendar; none for one that does not. */
function proposalOf(preview: Preview): string | undefined {
  return preview.plan.kind === 'undo' ? 'Undo the last change' : preview.proposal;
}

type VoiceMethods = 'voice.status' | 'voice.start' | 'voice.chunk' | 'voice.stop' | 'voice.cancel' | 'voice.confirm';

/**
 * Push-to-talk for a UI that captures the microphone itself (the Voice Console): the audio
 * streams in while the key is held, key-up turns it into a transcript and a plan, and a change
 * is applied only on Confirm. The engines are made on first use: loading a model is for the
 * faces that listen.
 */
export function voiceHandlers(
  ctx: HostContext,
  assistant: Assistant,
  makeEngines: () => SpeechEngines,
): { handlers: Pick<Handlers, VoiceMethods>; reload(): Promise<void>; close(): Promise<void> } {
  let engines: SpeechEngines | undefined;
  let state: VoiceEngineState | undefined;
  const utterances = new Utterances(ctx.now);
  const held = new Map<string, HeldPlan>();

  const setState = (next: VoiceEngineState) => {
    state = next;
    ctx.emit('voice.state', next);
  };

  /** The engines, warming on first call; the state says when they are ready. */
  const ensureEngines = (): SpeechEngines => {
    if (engines) return engines;
    const made = makeEngines();
    engines = made;
    if (made.unavailable !== undefined) {
      setState({ state: 'unavailable', reason: made.unavailable });
      return made;
    }
    setState({ state: 'loading', engine: made.label });
    made.router.warm().then(
      () => setState({ state: 'ready', engine: made.label }),
      (error: unknown) => setState({ state: 'unavailable', reason: `The speech engine failed to load: ${describeError(error)}` }),
    );
    return made;
  };

  const currentState = (): VoiceEngineState => {
    ensureEngines();
    return state!;
  };

  const holdPlan = (plan: Omit<HeldPlan, 'expiresAt'>): { id: string; expiresAt: number } => {
    const now = ctx.now();
    for (const [id, waiting] of held) if (waiting.expiresAt <= now) held.delete(id);
    if (held.size >= MAX_WAITING_CONFIRMATIONS) held.delete(held.keys().next().value!);
    const id = randomUUID();
    const expiresAt = now + CONFIRMATION_TTL_MS;
    held.set(id, { ...plan, expiresAt });
    return { id, expiresAt };
  };

  /** A change (or undo) waits for Confirm; anything else changes nothing and is answered now. */
  const planFrom = async (transcript: RoutedTranscript, saidAt: number): Promise<VoiceOutcome> => {
    const heard: HeardText = { text: transcript.text, engine: transcript.engine, ...(transcript.fallback && { fallback: transcript.fallback }) };
    // Planned as confirmed: the plan shows any double booking, and Confirm is the yes to it.
    const preview = await assistant.preview(transcript.text, { now: saidAt, confirm: true });
    const proposal = proposalOf(preview);
    if (proposal === undefined) return { kind: 'answered', heard, turn: tellChanges(ctx, await assistant.handle(preview.command, { now: saidAt }, undefined, preview.engine)) };
    return { kind: 'planned', heard, plan: preview.plan, proposal, confirmation: holdPlan({ command: preview.command, engine: preview.engine, saidAt, proposal }) };
  };

  const handlers: Pick<Handlers, VoiceMethods> = {
    'voice.status': () => currentState(),
    'voice.start': () => {
      const current = currentState();
      if (current.state === 'unavailable') return { sessionId: null, engine: current };
      const { router, speculate } = engines!;
      let id = '';
      const session = new ListenSession(router, { speculate, onPartial: (text) => ctx.emit('voice.partial', { sessionId: id, text }) });
      id = utterances.start(session).id;
      return { sessionId: id, engine: current };
    },
    'voice.chunk': ({ sessionId, seq, pcm }) => {
      const utterance = utterances.push(sessionId, seq, decodePcm16(pcm));
      return { audioMs: Math.round((utterance.samples * 1000) / VOICE_SAMPLE_RATE) };
    },
    'voice.stop': async ({ sessionId }) => {
      const utterance = utterances.take(sessionId);
      try {
        const outcome = await utterance.session.finish();
        if (outcome.kind !== 'transcript') return { kind: outcome.kind, message: outcome.message, audioMs: Math.round(outcome.timings.audioMs) };
        return await planFrom(outcome.transcript, utterance.startedAt);
      } catch (error) {
        throw toApiError(error);
      }
    },
    'voice.cancel': ({ sessionId }) => ({ cancelled: utterances.drop(sessionId) }),
    'voice.confirm': async ({ confirmationId }) => {
      const plan = held.get(confirmationId);
      held.delete(confirmationId);
      if (!plan || plan.expiresAt <= ctx.now()) throw new ApiError('not-found', 'this plan is no longer waiting (confirmed, expired or replaced); say it again');
      // The calendar may have changed since the plan was shown: apply only the plan the user saw.
      const proposal = proposalOf(await assistant.previewCommand(plan.command, { now: plan.saidAt, confirm: true }));
      if (proposal !== plan.proposal) throw new ApiError('unavailable', `the calendar changed since: it would now ${proposal ? `be "${proposal}"` : 'change nothing'}; say it again`);
      return tellChanges(ctx, await assistant.handle(plan.command, { now: plan.saidAt, confirm: true }, undefined, plan.engine));
    },
  };
  /** Another model was chosen or installed: the engines are made again, warm for the next key-down. */
  const reload = async (): Promise<void> => {
    const previous = engines;
    engines = undefined;
    await previous?.close();
    if (state !== undefined) ensureEngines();
  };

  return { handlers, reload, close: async () => engines?.close() };
}

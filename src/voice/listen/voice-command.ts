import type { ListenOutcome, ListenSession } from './listen-session';

/**
 * The loop after key-up: transcript -> understanding -> (the assistant, once it exists). The
 * understanding and the assistant are passed in, so src/voice depends on neither.
 */
export interface CommandApplier<C, A> {
  apply(command: C, transcript: string): Promise<A>;
}

export interface StageTimings {
  keyUpToTranscriptMs: number;
  understandMs: number;
  applyMs?: number;
  keyUpToCommandMs: number;
  keyUpToAppliedMs?: number;
}

export type VoiceCommandResult<C, A> =
  | { kind: 'command'; outcome: Extract<ListenOutcome, { kind: 'transcript' }>; command: C; applied?: A; timings: StageTimings }
  | Exclude<ListenOutcome, { kind: 'transcript' }>;

export async function finishVoiceCommand<C, A>(
  session: ListenSession,
  understand: (text: string) => C,
  applier?: CommandApplier<C, A>,
): Promise<VoiceCommandResult<C, A>> {
  const outcome = await session.finish();
  if (outcome.kind !== 'transcript') return outcome;
  const started = performance.now();
  const command = understand(outcome.transcript.text);
  const understandMs = performance.now() - started;
  const keyUpToCommandMs = outcome.timings.keyUpToTranscriptMs + understandMs;
  const timings: StageTimings = { keyUpToTranscriptMs: outcome.timings.keyUpToTranscriptMs, understandMs, keyUpToCommandMs };
  if (!applier) return { kind: 'command', outcome, command, timings };
  const applyStarted = performance.now();
  const applied = await applier.apply(command, outcome.transcript.text);
  const applyMs = performance.now() - applyStarted;
  return { kind: 'command', outcome, command, applied, timings: { ...timings, applyMs, keyUpToAppliedMs: keyUpToCommandMs + applyMs } };
}

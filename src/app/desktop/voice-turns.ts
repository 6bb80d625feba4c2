import type { ApiClient } from '../../api/client';
import { MAX_CHUNK_SAMPLES, VOICE_SAMPLE_RATE } from '../../api/contract';
import type { Turn } from '../../assistant/turn';

export type VoiceTurnResult =
  | { kind: 'turn'; transcript: string; turn: Turn; keyUpToDoneMs: number }
  | { kind: 'no-speech' | 'microphone-problem' | 'unavailable'; message: string }
  | { kind: 'cancelled' };

/** One utterance: audio in while the key is held, then the assistant's turn. */
export interface VoiceTurn {
  push(chunk: Int16Array): void;
  finish(onTranscript: (text: string) => void): Promise<VoiceTurnResult>;
  /** Drops the utterance (Esc, a time limit); the host forgets its audio. */
  cancel(): void;
}

export interface VoiceTurns {
  /** Key-down: starts an utterance. */
  begin(): VoiceTurn;
}

/** About 100 ms per call: the host's chunk size, and few enough calls over IPC or a socket. */
const SEND_SAMPLES = VOICE_SAMPLE_RATE / 10;

function toBase64(samples: Int16Array): string {
  const bytes = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) bytes.writeInt16LE(samples[i]!, i * 2);
  return bytes.toString('base64');
}

/**
 * Utterances through the host's `voice.*` methods, as the Voice Console sends them: the host
 * owns the speech engine (one warm model for every face) and plans what was said. A hotkey has
 * no Confirm button, and a spoken command should be done within a second of key-up, so a planned
 * change is confirmed at once; the HUD and the notification then offer Undo.
 */
export function contractVoiceTurns(client: ApiClient): VoiceTurns {
  return {
    begin() {
      const started = client.send('voice.start', {});
      let pending: Int16Array[] = [];
      let pendingLength = 0;
      let seq = 0;
      let sending: Promise<unknown> = started;
      let cancelled = false;

      const send = (samples: Int16Array) => {
        sending = sending.then(async () => {
          const { sessionId } = await started;
          if (sessionId === null || cancelled) return;
          for (let i = 0; i < samples.length; i += MAX_CHUNK_SAMPLES) {
            await client.send('voice.chunk', { sessionId, seq: seq++, pcm: toBase64(samples.subarray(i, i + MAX_CHUNK_SAMPLES)) });
          }
        });
        // A failure surfaces at finish(), from the same promise chain.
        sending.catch(() => undefined);
      };
      const flush = () => {
        if (pendingLength === 0) return;
        const joined = new Int16Array(pendingLength);
        let offset = 0;
        for (const part of pending) {
          joined.set(part, offset);
          offset += part.length;
        }
        pending = [];
        pendingLength = 0;
        send(joined);
      };

      return {
        push(chunk) {
          pending.push(chunk);
          pendingLength += chunk.length;
          if (pendingLength >= SEND_SAMPLES) flush();
        },
        async finish(onTranscript) {
          flush();
          const keyUp = performance.now();
          const { sessionId, engine } = await started;
          if (sessionId === null) return { kind: 'unavailable', message: engine.state === 'unavailable' ? engine.reason : 'Speech recognition is not ready.' };
          await sending;
          const outcome = await client.send('voice.stop', { sessionId });
          // Dropped while the host worked (the HUD's time limit): nothing may be applied now.
          if (cancelled) return { kind: 'cancelled' };
          if (outcome.kind === 'microphone-problem' || outcome.kind === 'no-speech') return { kind: outcome.kind, message: outcome.message };
          onTranscript(outcome.heard.text);
          const turn = outcome.kind === 'planned' ? await client.send('voice.confirm', { confirmationId: outcome.confirmation.id }) : outcome.turn;
          return { kind: 'turn', transcript: outcome.heard.text, turn, keyUpToDoneMs: performance.now() - keyUp };
        },
        cancel() {
          cancelled = true;
          void started.then(({ sessionId }) => (sessionId === null ? undefined : client.sendCatch('voice.cancel', { sessionId }))).catch(() => undefined);
        },
      };
    },
  };
}

import { randomUUID } from 'node:crypto';
import { ApiError } from '../../api/errors';
import { MAX_UTTERANCE_MS, VOICE_SAMPLE_RATE } from '../../api/contract';
import type { ListenSession } from '../../voice/listen/listen-session';

/** One held key: its listen session, the moment it started, and the chunks so far. */
export interface Utterance {
  id: string;
  session: ListenSession;
  startedAt: number;
  samples: number;
  nextSeq: number;
  touchedAt: number;
}

/** A key held this long without a chunk was let go somewhere we never heard of (a closed tab). */
const IDLE_MS = 30_000;
/** More open utterances than this is a client that never stops them; the oldest goes. */
const MAX_OPEN = 4;

/** The utterances in progress on this host, each fed in order and ended once. */
export class Utterances {
  private readonly open = new Map<string, Utterance>();

  constructor(private readonly clock: () => number) {}

  start(session: ListenSession): Utterance {
    const now = this.clock();
    for (const [id, utterance] of this.open) if (now - utterance.touchedAt > IDLE_MS) this.open.delete(id);
    if (this.open.size >= MAX_OPEN) this.open.delete(this.open.keys().next().value!);
    const utterance: Utterance = { id: randomUUID(), session, startedAt: now, samples: 0, nextSeq: 0, touchedAt: now };
    this.open.set(utterance.id, utterance);
    return utterance;
  }

  /** Adds a chunk of 16-bit PCM; out of order, too long or odd-sized input ends nothing and is refused. */
  push(id: string, seq: number, pcm: Int16Array): Utterance {
    const utterance = this.get(id);
    if (seq !== utterance.nextSeq) throw new ApiError('invalid-args', `chunk ${seq} arrived where chunk ${utterance.nextSeq} was expected`);
    if (((utterance.samples + pcm.length) / VOICE_SAMPLE_RATE) * 1000 > MAX_UTTERANCE_MS) {
      this.open.delete(id);
      throw new ApiError('invalid-args', `an utterance is at most ${MAX_UTTERANCE_MS / 1000} s; this one was dropped`);
    }
    utterance.session.push(pcm);
    utterance.samples += pcm.length;
    utterance.nextSeq += 1;
    utterance.touchedAt = this.clock();
    return utterance;
  }

  /** Ends an utterance and hands it over (to be transcribed); it cannot be fed or ended again. */
  take(id: string): Utterance {
    const utterance = this.get(id);
    this.open.delete(id);
    return utterance;
  }

  drop(id: string): boolean {
    return this.open.delete(id);
  }

  private get(id: string): Utterance {
    const utterance = this.open.get(id);
    if (!utterance) throw new ApiError('not-found', 'this recording has ended (stopped, cancelled or idle too long)');
    return utterance;
  }
}

/** base64 16-bit little-endian PCM to samples; an odd byte count is not PCM16. */
export function decodePcm16(base64: string): Int16Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % 2 !== 0) throw new ApiError('invalid-args', 'pcm: 16-bit audio has an even number of bytes');
  const samples = new Int16Array(bytes.length / 2);
  for (let i = 0; i < samples.length; i += 1) samples[i] = bytes.readInt16LE(i * 2);
  return samples;
}

import type { MonoAudio } from '../audio';
import { describeError, VoiceError } from '../errors';
import type { SttEngine, Transcript, TranscribeOptions } from './engine';

/** Why the cloud was asked instead of (or after) the local engine. */
export type FallbackReason = 'local-missing' | 'local-failed' | 'local-too-slow' | 'low-confidence';

export interface RoutedTranscript extends Transcript {
  fallback?: { reason: FallbackReason; detail: string };
  /** The local transcript was kept although unsure, because the cloud could not help. */
  lowConfidence?: boolean;
}

export interface SttRouterOptions {
  /** The local engine, when a model is configured. */
  local?: SttEngine;
  /** Why there is no local engine, in words for the user. */
  localMissingReason?: string;
  /** The cloud engine, when a key is configured. */
  cloud?: SttEngine;
  /** The user's consent to send audio to the cloud; without it the cloud is never called. */
  allowCloud: boolean;
  /** After this long, the cloud is asked too and the first good answer wins. */
  localBudgetMs?: number;
  /** Below this confidence a local transcript is checked with the cloud. */
  minConfidence?: number;
}

export const DEFAULT_LOCAL_BUDGET_MS = 1_500;
export const DEFAULT_MIN_CONFIDENCE = 0.5;

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * Chooses the engine for each command. Local first, always; the cloud only with the user's
 * consent and only when the local engine is missing, fails, runs past its time budget (then
 * both run and the first good answer wins) or is unsure of what it heard.
 */
export class SttRouter {
  private warmFailure: unknown;

  constructor(private readonly options: SttRouterOptions) {}

  private get cloud(): SttEngine | undefined {
    return this.options.allowCloud ? this.options.cloud : undefined;
  }

  /** Loads the local model at hotkey-down (or start-up); a failure here sends commands to the cloud. */
  async warm(): Promise<void> {
    try {
      await this.options.local?.warm();
      this.warmFailure = undefined;
    } catch (error) {
      this.warmFailure = error;
      if (!this.cloud) throw error;
    }
  }

  async transcribe(audio: MonoAudio, options: TranscribeOptions = {}): Promise<RoutedTranscript> {
    const { local } = this.options;
    const cloud = this.cloud;
    if (!local) {
      const reason = this.options.localMissingReason ?? 'no local speech model is configured';
      if (!cloud) throw new VoiceError('no-model', `${reason}, and cloud transcription is ${this.options.allowCloud ? 'not configured (no API key)' : 'not allowed'}`);
      return this.fromCloud(cloud, audio, options, 'local-missing', reason);
    }
    if (!cloud) return local.transcribe(audio, options);
    if (this.warmFailure !== undefined) return this.fromCloud(cloud, audio, options, 'local-failed', describeError(this.warmFailure));

    const localRun = settle(local.transcribe(audio, options));
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.options.localBudgetMs ?? DEFAULT_LOCAL_BUDGET_MS);
    });
    const first = await Promise.race([localRun, budget]);
    clearTimeout(timer);

    if (first === 'late') return this.raceCloud(localRun, cloud, audio, options);
    if (!first.ok) return this.fromCloud(cloud, audio, options, 'local-failed', describeError(first.error));
    const heard = first.value;
    if (heard.confidence === undefined || heard.confidence >= (this.options.minConfidence ?? DEFAULT_MIN_CONFIDENCE)) return heard;
    try {
      return await this.fromCloud(cloud, audio, options, 'low-confidence', `local confidence ${heard.confidence.toFixed(2)}`);
    } catch {
      return { ...heard, lowConfidence: true };
    }
  }

  private async fromCloud(cloud: SttEngine, audio: MonoAudio, options: TranscribeOptions, reason: FallbackReason, detail: string): Promise<RoutedTranscript> {
    try {
      return { ...(await cloud.transcribe(audio, options)), fallback: { reason, detail } };
    } catch (error) {
      if (reason === 'low-confidence') throw error;
      const code = error instanceof VoiceError ? error.code : 'stt-failed';
      throw new VoiceError(code, `${detail}; the cloud fallback failed too: ${describeError(error)}`);
    }
  }

  /** The local decode is late: ask the cloud as well and take the first transcript that arrives. */
  private async raceCloud(localRun: Promise<Settled<Transcript>>, cloud: SttEngine, audio: MonoAudio, options: TranscribeOptions): Promise<RoutedTranscript> {
    const detail = `local decoding took longer than ${this.options.localBudgetMs ?? DEFAULT_LOCAL_BUDGET_MS} ms`;
    const cloudRun = settle(cloud.transcribe(audio, options)).then((r): Settled<RoutedTranscript> => (r.ok ? { ok: true, value: { ...r.value, fallback: { reason: 'local-too-slow', detail } } } : r));
    const winner = await Promise.race([
      localRun.then((r) => (r.ok ? r : cloudRun)),
      cloudRun.then((r) => (r.ok ? r : localRun)),
    ]);
    if (winner.ok) return winner.value;
    const [localResult, cloudResult] = await Promise.all([localRun, cloudRun]);
    const reasons = [localResult, cloudResult].map((r) => (r.ok ? '' : describeError(r.error))).join('; ');
    throw new VoiceError('stt-failed', `neither engine produced a transcript: ${reasons}`);
  }
}

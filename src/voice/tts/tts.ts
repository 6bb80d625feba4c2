import type { MonoAudio } from '../audio';

/** Speaks a reply: local synthesis or a cloud voice, returned as audio for the face to play. */
export interface TtsEngine {
  readonly name: string;
  synthesize(text: string, options?: { signal?: AbortSignal }): Promise<MonoAudio>;
}

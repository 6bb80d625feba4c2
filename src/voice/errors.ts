/**
 * What went wrong on the voice path, in terms a person can act on. The message is one line,
 * written for people, and never carries an API key or a stack.
 */
export type VoiceErrorCode =
  /** The audio is not something we can read: not a WAV, truncated, an unknown encoding. */
  | 'bad-audio'
  /** No local speech model is configured or present. */
  | 'no-model'
  /** A model file exists but is damaged, truncated or not a whisper.cpp model. */
  | 'bad-model'
  /** A download did not complete or did not match its pinned size and hash. */
  | 'download-failed'
  /** A speech engine (local or cloud) could not produce a transcript. */
  | 'stt-failed'
  /** The cloud refused the credentials. */
  | 'unauthorized'
  /** The cloud asked us to slow down. */
  | 'rate-limited'
  /** An engine did not answer within its time budget. */
  | 'timeout'
  /** Speech synthesis failed or is not available. */
  | 'tts-failed';

export class VoiceError extends Error {
  constructor(
    readonly code: VoiceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VoiceError';
  }
}

/** The message of anything thrown, on one line. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

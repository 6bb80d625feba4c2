import { spawn } from 'node:child_process';
import { toSpeechAudio, type MonoAudio } from '../audio';
import { VoiceError } from '../errors';
import { readWav } from '../wav';
import type { TtsEngine } from './tts';

export interface EspeakOptions {
  /** An espeak-ng voice, e.g. "en-us" or "en-gb". */
  voice?: string;
  /** Words per minute. */
  wordsPerMinute?: number;
  /** The executable; found on PATH by default. */
  command?: string;
}

/**
 * Local speech through espeak-ng (Debian's `espeak-ng`): robotic but instant, offline and free.
 * The text goes in on stdin, so nothing in it can be read as an option.
 */
export class EspeakTts implements TtsEngine {
  readonly name = 'espeak-ng';

  constructor(private readonly options: EspeakOptions = {}) {}

  synthesize(text: string, { signal }: { signal?: AbortSignal } = {}): Promise<MonoAudio> {
    const args = ['--stdout', '--stdin', '-v', this.options.voice ?? 'en-us', '-s', String(this.options.wordsPerMinute ?? 170)];
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.command ?? 'espeak-ng', args, { stdio: ['pipe', 'pipe', 'pipe'], signal });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'ENOENT'
            ? new VoiceError('tts-failed', 'espeak-ng is not installed (Debian: apt-get install espeak-ng)')
            : new VoiceError('tts-failed', `espeak-ng failed: ${error.message}`),
        );
      });
      child.on('close', (code) => {
        if (code !== 0) {
          reject(new VoiceError('tts-failed', `espeak-ng exited with code ${code}: ${Buffer.concat(err).toString().trim().split('\n')[0] ?? ''}`));
          return;
        }
        try {
          resolve(toSpeechAudio(readWav(Buffer.concat(out))));
        } catch (error) {
          reject(error);
        }
      });
      child.stdin.end(text);
    });
  }
}

import type { SttEngine, Transcript } from '../../src/voice/stt/engine';
import type { MonoAudio } from '../../src/voice/audio';

/** A local engine whose answer and timing a test sets, for testing what sits around an engine. */
export class ScriptedSttEngine implements SttEngine {
  readonly name = 'local:scripted';
  readonly heard: MonoAudio[] = [];

  constructor(private readonly script: { text?: string; confidence?: number; delayMs?: number; fail?: string }) {}

  async warm(): Promise<void> {}

  async transcribe(audio: MonoAudio): Promise<Transcript> {
    this.heard.push(audio);
    await new Promise((resolve) => setTimeout(resolve, this.script.delayMs ?? 0));
    if (this.script.fail) throw new Error(this.script.fail);
    return {
      text: this.script.text ?? '',
      engine: this.name,
      decodeMs: this.script.delayMs ?? 0,
      ...(this.script.confidence !== undefined && { confidence: this.script.confidence }),
    };
  }

  async close(): Promise<void> {}
}

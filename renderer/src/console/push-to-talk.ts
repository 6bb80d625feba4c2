import type { ApiClient } from '../../../src/api/client';
import type { ResultOf, VoiceEngineState, VoiceOutcome } from '../../../src/api/contract';
import { Microphone, MicrophoneError, type MicrophoneProblem } from '../voice/microphone';
import { pcm16ToBase64, peakOf } from '../voice/pcm';
import { Levels } from './levels';

/** Where one push-to-talk command stands, as the console shows it. */
export type ConsolePhase =
  | { phase: 'idle' }
  | { phase: 'opening' }
  | { phase: 'recording'; audioMs: number; deadInput: boolean }
  | { phase: 'thinking' }
  | { phase: 'outcome'; outcome: VoiceOutcome }
  | { phase: 'applied'; turn: ResultOf<'voice.confirm'> }
  | { phase: 'undone'; label: string }
  | { phase: 'problem'; problem: MicrophoneProblem | 'no-audio' | 'engine' | 'host'; message: string };

export interface ConsoleState {
  current: ConsolePhase;
  engine: VoiceEngineState | undefined;
  /** What the engine has recognized so far of the utterance being recorded. */
  partial: string;
}

/** After this long with exact zeros, the microphone is dead or muted, whatever the user is saying. */
const DEAD_INPUT_AFTER_MS = 1_000;
/** The microphone stays open this long after key-up, so a quick follow-up loses no words. */
const KEEP_OPEN_MS = 15_000;

interface Recording {
  sessionId: string | undefined;
  /** Chunks captured before the host answered voice.start. */
  early: Int16Array[];
  seq: number;
  sent: Promise<unknown>[];
  samples: number;
  peak: number;
}

/**
 * The Voice Console's controller: hold to record (the microphone is opened on the first press, a
 * user gesture), stream 16 kHz PCM to the host while held, and on release show what the host
 * heard and planned. A change is applied only by Confirm, and Undo takes it back.
 */
export class PushToTalk {
  readonly levels = new Levels();
  private state: ConsoleState = { current: { phase: 'idle' }, engine: undefined, partial: '' };
  private readonly listeners = new Set<() => void>();
  private microphone: Microphone | undefined;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private recording: Recording | undefined;
  private held = false;
  /** Counts voice.state events, so a reply that left the host before the latest one cannot undo it. */
  private engineEvents = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly openMicrophone: (onChunk: (pcm: Int16Array) => void) => Promise<Microphone> = Microphone.open,
    private readonly notify: (title: string) => void = () => undefined,
  ) {}

  /** Follows the speech engine's state and the partial transcript; returns the way to stop (and end any recording). */
  connect(): () => void {
    const unlisten = [
      this.client.listen('voice.state', (engine) => {
        this.engineEvents += 1;
        this.update({ engine });
      }),
      this.client.listen('voice.partial', ({ sessionId, text }) => {
        if (sessionId === this.recording?.sessionId) this.update({ partial: text });
      }),
    ];
    const seen = this.engineEvents;
    this.client.send('voice.status', {}).then(
      (engine) => this.updateEngine(engine, seen),
      (error: Error) => this.show({ phase: 'problem', problem: 'host', message: error.message }),
    );
    return () => {
      for (const stop of unlisten) stop();
      this.stopRecording();
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): ConsoleState => this.state;

  /** Key or button down. */
  async press(): Promise<void> {
    const phase = this.state.current.phase;
    if (this.held || phase === 'opening' || phase === 'recording' || phase === 'thinking') return;
    if (this.state.engine?.state === 'unavailable') return;
    this.held = true;
    clearTimeout(this.closeTimer);
    this.levels.clear();
    this.recording = { sessionId: undefined, early: [], seq: 0, sent: [], samples: 0, peak: 0 };
    this.update({ partial: '' });
    try {
      if (!this.microphone) {
        this.show({ phase: 'opening' });
        this.microphone = await this.openMicrophone((pcm) => this.onChunk(pcm));
      }
      this.show({ phase: 'recording', audioMs: 0, deadInput: false });
      const seen = this.engineEvents;
      const started = await this.client.send('voice.start', {});
      this.updateEngine(started.engine, seen);
      if (started.sessionId === null) {
        this.recording = undefined;
        this.held = false;
        this.show({ phase: 'problem', problem: 'engine', message: started.engine.state === 'unavailable' ? started.engine.reason : 'The speech engine is not available.' });
        return;
      }
      this.recording.sessionId = started.sessionId;
      for (const pcm of this.recording.early.splice(0)) this.send(this.recording, pcm);
    } catch (error) {
      this.recording = undefined;
      this.held = false;
      if (error instanceof MicrophoneError) this.show({ phase: 'problem', problem: error.problem, message: error.message });
      else this.show({ phase: 'problem', problem: 'host', message: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (!this.held) await this.finish();
  }

  /** Key or button up. */
  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    // Still starting: press() finishes the utterance once the host has opened it.
    if (this.recording?.sessionId !== undefined) await this.finish();
  }

  private async finish(): Promise<void> {
    const recording = this.recording;
    if (!recording?.sessionId || !this.microphone) return;
    await this.microphone.flush();
    this.recording = undefined;
    this.show({ phase: 'thinking' });
    this.closeTimer = setTimeout(() => this.closeMicrophone(), KEEP_OPEN_MS);
    try {
      await Promise.all(recording.sent);
      if (recording.samples === 0) {
        await this.client.send('voice.cancel', { sessionId: recording.sessionId });
        this.show({ phase: 'problem', problem: 'no-audio', message: 'No audio arrived from the microphone.' });
        return;
      }
      this.show({ phase: 'outcome', outcome: await this.client.send('voice.stop', { sessionId: recording.sessionId }) });
    } catch (error) {
      this.show({ phase: 'problem', problem: 'host', message: error instanceof Error ? error.message : String(error) });
    }
  }

  async confirm(): Promise<void> {
    const current = this.state.current;
    if (current.phase !== 'outcome' || current.outcome.kind !== 'planned') return;
    try {
      const turn = await this.client.send('voice.confirm', { confirmationId: current.outcome.confirmation.id });
      this.show({ phase: 'applied', turn });
      this.notify(turn.reply);
    } catch (error) {
      this.show({ phase: 'problem', problem: 'host', message: error instanceof Error ? error.message : String(error) });
    }
  }

  async undo(): Promise<void> {
    try {
      const { undone } = await this.client.send('history.undo', {});
      this.show(undone ? { phase: 'undone', label: undone.label } : { phase: 'problem', problem: 'host', message: 'There is nothing to undo.' });
    } catch (error) {
      this.show({ phase: 'problem', problem: 'host', message: error instanceof Error ? error.message : String(error) });
    }
  }

  dismiss(): void {
    this.show({ phase: 'idle' });
  }

  private stopRecording(): void {
    if (this.recording?.sessionId) void this.client.sendCatch('voice.cancel', { sessionId: this.recording.sessionId });
    this.recording = undefined;
    this.held = false;
    this.closeMicrophone();
  }

  private onChunk(pcm: Int16Array): void {
    const recording = this.recording;
    // The microphone stays open a while after key-up; what it hears then is nobody's command.
    if (!recording) return;
    this.levels.push(pcm);
    if (recording.sessionId === undefined) recording.early.push(pcm);
    else this.send(recording, pcm);
  }

  private send(recording: Recording, pcm: Int16Array): void {
    recording.samples += pcm.length;
    recording.peak = Math.max(recording.peak, peakOf(pcm));
    const sending = this.client.send('voice.chunk', { sessionId: recording.sessionId!, seq: recording.seq++, pcm: pcm16ToBase64(pcm) });
    // A refused chunk is reported at key-up, by the wait on every chunk.
    sending.catch(() => undefined);
    recording.sent.push(sending);
    const audioMs = (recording.samples / 16_000) * 1000;
    if (this.state.current.phase === 'recording') this.show({ phase: 'recording', audioMs, deadInput: audioMs >= DEAD_INPUT_AFTER_MS && recording.peak === 0 });
  }

  private closeMicrophone(): void {
    clearTimeout(this.closeTimer);
    this.microphone?.close();
    this.microphone = undefined;
  }

  private updateEngine(engine: VoiceEngineState, eventsBefore: number): void {
    if (this.engineEvents === eventsBefore) this.update({ engine });
  }

  private show(current: ConsolePhase): void {
    this.update({ current });
  }

  private update(change: Partial<ConsoleState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}

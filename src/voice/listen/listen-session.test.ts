import { beforeAll, describe, expect, it } from 'vitest';
import { ScriptedSttEngine } from '../../../tests/doubles/scripted-stt-engine';
import { concatSamples, SPEECH_RATE, type MonoAudio } from '../audio';
import { DIDNT_CATCH, MICROPHONE_PROBLEM } from '../speech-guard';
import { SttRouter } from '../stt/router';
import { EspeakTts } from '../tts/espeak-tts';
import { ListenSession } from './listen-session';

const CHUNK = SPEECH_RATE / 10;

function feed(session: ListenSession, samples: Float32Array): void {
  for (let i = 0; i < samples.length; i += CHUNK) session.push(samples.subarray(i, i + CHUNK));
}

const silence = (seconds: number) => new Float32Array(Math.round(seconds * SPEECH_RATE));

describe('a push-to-talk session', () => {
  let speech: MonoAudio;
  beforeAll(async () => {
    speech = await new EspeakTts().synthesize('cancel my dentist appointment');
  });

  it('decodes during the pause before key-up and uses that decode at key-up', async () => {
    const engine = new ScriptedSttEngine({ text: 'cancel my dentist appointment', delayMs: 50 });
    const session = new ListenSession(new SttRouter({ local: engine, allowCloud: false }), { speculate: true });
    feed(session, concatSamples([silence(0.3), speech.samples, silence(0.7)]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(engine.heard).toHaveLength(1);
    const outcome = await session.finish();
    expect(outcome).toMatchObject({ kind: 'transcript', transcript: { text: 'cancel my dentist appointment' }, timings: { speculative: true } });
    expect(engine.heard).toHaveLength(1);
    // Trimmed to the speech: the 0.3 s lead and most of the 0.7 s tail are not sent.
    expect(engine.heard[0]!.samples.length).toBeLessThan(speech.samples.length + 0.45 * SPEECH_RATE);
  });

  it('decodes again at key-up when speech followed the pause', async () => {
    const engine = new ScriptedSttEngine({ text: 'cancel my dentist appointment' });
    const session = new ListenSession(new SttRouter({ local: engine, allowCloud: false }), { speculate: true });
    feed(session, concatSamples([speech.samples, silence(0.6), speech.samples, silence(0.1)]));
    const outcome = await session.finish();
    expect(outcome).toMatchObject({ kind: 'transcript', timings: { speculative: false } });
    expect(engine.heard).toHaveLength(2);
    expect(engine.heard[1]!.samples.length).toBeGreaterThan(2 * speech.samples.length);
  });

  it('sends no audio to an engine when the input is silent or dead', async () => {
    const engine = new ScriptedSttEngine({ text: 'Thank you.' });
    const router = new SttRouter({ local: engine, allowCloud: false });
    const quiet = new ListenSession(router);
    feed(quiet, Float32Array.from({ length: SPEECH_RATE }, (_, i) => 0.0005 * Math.sin(i * 1.3) + 0.0004 * Math.cos(i * 0.37)));
    expect(await quiet.finish()).toMatchObject({ kind: 'no-speech', message: DIDNT_CATCH });
    const dead = new ListenSession(router);
    dead.push(new Int16Array(SPEECH_RATE));
    expect(await dead.finish()).toMatchObject({ kind: 'microphone-problem', message: MICROPHONE_PROBLEM });
    expect(engine.heard).toHaveLength(0);
  });

  it('turns an engine\'s "[BLANK_AUDIO]" into "I didn\'t catch that", not a command', async () => {
    const session = new ListenSession(new SttRouter({ local: new ScriptedSttEngine({ text: ' [BLANK_AUDIO]' }), allowCloud: false }));
    feed(session, speech.samples);
    expect(await session.finish()).toMatchObject({ kind: 'no-speech', message: DIDNT_CATCH, heard: ' [BLANK_AUDIO]' });
  });
});

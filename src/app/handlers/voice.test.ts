import { beforeAll, describe, expect, it } from 'vitest';
import { ScriptedSttEngine } from '../../../tests/doubles/scripted-stt-engine';
import { useTempDirs } from '../../../tests/support/temp';
import { createClient } from '../../api/client';
import type { HostEvent } from '../../api/contract';
import { concatSamples, SPEECH_RATE } from '../../voice/audio';
import { MICROPHONE_PROBLEM } from '../../voice/speech-guard';
import { SttRouter } from '../../voice/stt/router';
import { EspeakTts } from '../../voice/tts/espeak-tts';
import { createHost, inProcessTransport } from '../host';
import type { SpeechEngines } from '../voice/speech-engines';

const tempDir = useTempDirs();
const NOW = Date.parse('2026-03-23T07:30:00Z');

function engines(engine: ScriptedSttEngine, extra: Partial<SpeechEngines> = {}): () => SpeechEngines {
  return () => ({ router: new SttRouter({ local: engine, allowCloud: false }), label: engine.name, speculate: false, close: async () => undefined, ...extra });
}

function start(speechEngines: () => SpeechEngines) {
  const host = createHost({ dataDir: tempDir(), timeZone: 'Europe/Berlin', now: () => NOW, speechEngines });
  const events: HostEvent[] = [];
  host.onEvent((event) => events.push(event));
  return { host, client: createClient(inProcessTransport(host)), events };
}

/** Float samples as the renderer sends them: 16-bit little-endian PCM in base64, 100 ms a chunk. */
function chunksOf(samples: Float32Array): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < samples.length; i += SPEECH_RATE / 10) {
    const part = samples.subarray(i, i + SPEECH_RATE / 10);
    const bytes = Buffer.alloc(part.length * 2);
    part.forEach((value, k) => bytes.writeInt16LE(Math.round(Math.max(-1, Math.min(1, value)) * 32_767), k * 2));
    chunks.push(bytes.toString('base64'));
  }
  return chunks;
}

const silence = (seconds: number) => new Float32Array(Math.round(seconds * SPEECH_RATE));

describe('voice.* through the api contract', () => {
  let speech: Float32Array;
  beforeAll(async () => {
    speech = (await new EspeakTts().synthesize('schedule lunch with Priya tomorrow at noon')).samples;
  });

  async function speak(client: ReturnType<typeof start>['client'], samples: Float32Array) {
    const { sessionId } = await client.send('voice.start', {});
    expect(sessionId).toEqual(expect.any(String));
    let seq = 0;
    for (const pcm of chunksOf(samples)) await client.send('voice.chunk', { sessionId: sessionId!, seq: seq++, pcm });
    return client.send('voice.stop', { sessionId: sessionId! });
  }

  it('warms the engine, transcribes, plans without applying, and applies on Confirm', async () => {
    const engine = new ScriptedSttEngine({ text: 'schedule lunch with Priya tomorrow at noon' });
    const { client, events, host } = start(engines(engine));
    try {
      expect(await client.send('voice.status', {})).toEqual({ state: 'loading', engine: 'local:scripted' });
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(events.filter((e) => e.name === 'voice.state').map((e) => e.payload)).toEqual([
        { state: 'loading', engine: 'local:scripted' },
        { state: 'ready', engine: 'local:scripted' },
      ]);
      const outcome = await speak(client, concatSamples([silence(0.3), speech, silence(0.4)]));
      expect(outcome).toMatchObject({
        kind: 'planned',
        heard: { text: 'schedule lunch with Priya tomorrow at noon', engine: 'local:scripted' },
        plan: { kind: 'change', action: 'created' },
        proposal: "Add 'Lunch with Priya' Tue 12:00–13:00",
        confirmation: { expiresAt: NOW + 120_000 },
      });
      // The engine heard the trimmed speech, at 16 kHz.
      expect(engine.heard[0]!.sampleRate).toBe(SPEECH_RATE);
      expect(engine.heard[0]!.samples.length).toBeGreaterThan(speech.length * 0.8);
      const day = { from: '2026-03-24', to: '2026-03-25' };
      expect((await client.send('agenda.list', day)).entries).toEqual([]);
      expect(events.some((e) => e.name === 'calendar.changed')).toBe(false);

      if (outcome.kind !== 'planned') throw new Error('expected a plan');
      const turn = await client.send('voice.confirm', { confirmationId: outcome.confirmation.id });
      expect(turn).toMatchObject({ outcome: 'applied', reply: "Added 'Lunch with Priya' Tue 12:00–13:00" });
      expect((await client.send('agenda.list', day)).entries.map((e) => e.title)).toEqual(['Lunch with Priya']);
      expect(events.at(-1)).toEqual({ name: 'calendar.changed', payload: { reason: 'local', eventIds: turn.eventIds } });
      // A confirmation is used once; Undo takes the change back.
      expect(await client.sendCatch('voice.confirm', { confirmationId: outcome.confirmation.id })).toMatchObject({ ok: false, error: { code: 'not-found' } });
      expect(await client.send('history.undo', {})).toMatchObject({ undone: { label: "Added 'Lunch with Priya' Tue 12:00–13:00" } });
    } finally {
      host.close();
    }
  });

  it('answers a question at once: nothing to confirm', async () => {
    const { client, host } = start(engines(new ScriptedSttEngine({ text: "what's on tomorrow" })));
    try {
      expect(await speak(client, concatSamples([silence(0.2), speech, silence(0.3)]))).toMatchObject({ kind: 'answered', turn: { outcome: 'answered' } });
    } finally {
      host.close();
    }
  });

  it('says a flat input is a microphone problem and silence is not a command, without asking the engine', async () => {
    const engine = new ScriptedSttEngine({ text: 'Thank you.' });
    const { client, host } = start(engines(engine));
    try {
      expect(await speak(client, silence(1))).toEqual({ kind: 'microphone-problem', message: MICROPHONE_PROBLEM, audioMs: 1000 });
      const hiss = Float32Array.from({ length: SPEECH_RATE }, (_, i) => ((i * 7919) % 13) / 13_000 - 0.0005);
      expect(await speak(client, hiss)).toMatchObject({ kind: 'no-speech', message: "I didn't catch that." });
      expect(engine.heard).toHaveLength(0);
    } finally {
      host.close();
    }
  });

  it('refuses chunks out of order, odd-sized or too big, and ends a session once', async () => {
    const { client, host } = start(engines(new ScriptedSttEngine({ text: 'hello' })));
    try {
      const { sessionId } = await client.send('voice.start', {});
      const id = sessionId!;
      const pcm = chunksOf(silence(0.1))[0]!;
      expect(await client.sendCatch('voice.chunk', { sessionId: id, seq: 1, pcm })).toMatchObject({ ok: false, error: { code: 'invalid-args', message: 'chunk 1 arrived where chunk 0 was expected' } });
      expect(await client.sendCatch('voice.chunk', { sessionId: id, seq: 0, pcm: Buffer.alloc(3).toString('base64') })).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
      const tooBig = Buffer.alloc(SPEECH_RATE * 2 + 2).toString('base64');
      expect(await client.sendCatch('voice.chunk', { sessionId: id, seq: 0, pcm: tooBig })).toMatchObject({ ok: false, error: { code: 'invalid-args', message: expect.stringContaining('at most 16000 samples') } });
      expect(await client.sendCatch('voice.chunk', { sessionId: id, seq: 0, pcm: 'not base64!' })).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
      expect(await client.send('voice.chunk', { sessionId: id, seq: 0, pcm })).toEqual({ audioMs: 100 });
      expect(await client.send('voice.cancel', { sessionId: id })).toEqual({ cancelled: true });
      expect(await client.sendCatch('voice.stop', { sessionId: id })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    } finally {
      host.close();
    }
  });

  it('says why it cannot listen, and opens no session', async () => {
    const { client, host } = start(engines(new ScriptedSttEngine({}), { unavailable: 'No speech model is installed.' }));
    try {
      expect(await client.send('voice.start', {})).toEqual({ sessionId: null, engine: { state: 'unavailable', reason: 'No speech model is installed.' } });
    } finally {
      host.close();
    }
  });

  it('refuses to apply a plan the calendar has overtaken', async () => {
    const { client, host } = start(engines(new ScriptedSttEngine({ text: 'cancel the dentist' })));
    try {
      const { event } = await client.send('events.create', { title: 'Dentist', start: '2026-03-24T10:00', end: '2026-03-24T11:00' });
      const outcome = await speak(client, concatSamples([silence(0.2), speech, silence(0.3)]));
      expect(outcome).toMatchObject({ kind: 'planned', proposal: "Cancel 'Dentist' (Tue 10:00–11:00)" });
      await client.send('events.delete', { id: event.id });
      if (outcome.kind !== 'planned') throw new Error('expected a plan');
      expect(await client.sendCatch('voice.confirm', { confirmationId: outcome.confirmation.id })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    } finally {
      host.close();
    }
  });
});

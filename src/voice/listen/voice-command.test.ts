import { describe, expect, it } from 'vitest';
import { ScriptedSttEngine } from '../../../tests/doubles/scripted-stt-engine';
import { SPEECH_RATE } from '../audio';
import { SttRouter } from '../stt/router';
import { EspeakTts } from '../tts/espeak-tts';
import { ListenSession } from './listen-session';
import { finishVoiceCommand, type CommandApplier } from './voice-command';

describe('the loop after key-up', () => {
  it('hands the understood command to the applier (the assistant\'s seam) and times each stage', async () => {
    const speech = await new EspeakTts().synthesize('cancel my dentist appointment');
    const session = new ListenSession(new SttRouter({ local: new ScriptedSttEngine({ text: 'cancel my dentist appointment', delayMs: 20 }), allowCloud: false }));
    for (let i = 0; i < speech.samples.length; i += SPEECH_RATE / 10) session.push(speech.samples.subarray(i, i + SPEECH_RATE / 10));
    const applied: string[] = [];
    const applier: CommandApplier<{ words: number }, string> = {
      async apply(command, transcript) {
        applied.push(transcript);
        await new Promise((resolve) => setTimeout(resolve, 15));
        return `applied ${command.words} words`;
      },
    };
    const result = await finishVoiceCommand(session, (text) => ({ words: text.split(' ').length }), applier);
    expect(result).toMatchObject({ kind: 'command', command: { words: 4 }, applied: 'applied 4 words' });
    expect(applied).toEqual(['cancel my dentist appointment']);
    if (result.kind !== 'command') return;
    expect(result.timings.keyUpToTranscriptMs).toBeGreaterThanOrEqual(20);
    expect(result.timings.applyMs).toBeGreaterThanOrEqual(14);
    expect(result.timings.keyUpToAppliedMs).toBeCloseTo(result.timings.keyUpToCommandMs + result.timings.applyMs!, 6);
  });
});

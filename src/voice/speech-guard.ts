import type { MonoAudio } from './audio';
import { trimToSpeech, type VadReport } from './vad';

/**
 * The guards around recognition. Whisper invents text for silence ("Thank you.", "you"), so
 * audio with no speech never reaches an engine; and a dead input (a disconnected or muted
 * microphone delivers exact zeros or a flat line) is a hardware problem, not a quiet user.
 */
export const DIDNT_CATCH = "I didn't catch that.";
export const MICROPHONE_PROBLEM =
  'No sound is reaching TempoPilot: the input is flat (all zeros). Check that the microphone is connected, selected and not muted.';

/** Below one step of 16-bit audio from end to end, nothing is connected or the input is muted. */
const DEAD_PEAK_TO_PEAK = 2 / 32_768;

export type InputVerdict =
  | { kind: 'microphone-problem'; message: string }
  | { kind: 'no-speech'; message: string; vad: VadReport | undefined }
  | { kind: 'speech'; audio: MonoAudio; vad: VadReport };

function peakToPeak(samples: Float32Array): number {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < samples.length; i += 1) {
    const value = samples[i]!;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return samples.length === 0 ? 0 : max - min;
}

/** What a clip is, before any engine sees it: a dead input, no speech, or speech (trimmed). */
export function judgeInput(audio: MonoAudio): InputVerdict {
  if (audio.samples.length > 0 && peakToPeak(audio.samples) < DEAD_PEAK_TO_PEAK) {
    return { kind: 'microphone-problem', message: MICROPHONE_PROBLEM };
  }
  const trimmed = trimToSpeech(audio);
  if (!trimmed.audio) return { kind: 'no-speech', message: DIDNT_CATCH, vad: trimmed.report };
  return { kind: 'speech', audio: trimmed.audio, vad: trimmed.report };
}

/**
 * Whisper's ways of saying it heard nothing: an empty result, or only annotations such as
 * "[BLANK_AUDIO]", "(silence)", "[Music]" or "*coughs*", or only punctuation.
 */
export function isNonSpeech(text: string): boolean {
  const words = text
    .replace(/\[[^\]]*\]|\([^)]*\)|\*[^*]*\*|♪/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return words.length === 0;
}

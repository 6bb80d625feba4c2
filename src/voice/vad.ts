import type { MonoAudio } from './audio';

/**
 * Voice-activity detection by frame energy against an adaptive noise floor. Push-to-talk
 * clips are short and mostly speech, so the floor is a low percentile of the clip's own frames:
 * quiet rooms and fan noise both work without calibration.
 */
export const FRAME_MS = 20;
/** Speech must rise this far above the noise floor ... */
const ABOVE_FLOOR_DB = 12;
/** ... and above this absolute level: nothing quieter is anyone talking into a microphone. */
const MIN_SPEECH_DBFS = -50;
/** Less speech than this is a click or a breath, not a command. */
const MIN_SPEECH_MS = 120;
/** Kept before and after the speech, so soft onsets and trailing consonants survive the cut. */
const PAD_MS = 200;

export interface SpeechSpan {
  /** Sample offsets into the clip, end exclusive, padding included . */
  start: number;
  end: number;
  /** Milliseconds of frames above the threshold (the speech itself, without pauses or padding). */
  speechMs: number;
}

export interface VadReport {
  span: SpeechSpan | undefined;
  noiseFloorDb: number;
  thresholdDb: number;
  /** The silence after the last speech frame, in ms: a pause the streaming path can act on. */
  trailingSilenceMs: number;
}

export function frameLength(sampleRate: number): number {
  return Math.round((sampleRate * FRAME_MS) / 1000);
}

/** The energy of each whole frame in dBFS (a full-scale sine is -3 dBFS). */
export function frameEnergies(samples: Float32Array, sampleRate: number, fromFrame = 0): number[] {
  const size = frameLength(sampleRate);
  const energies: number[] = [];
  for (let start = fromFrame * size; start + size <= samples.length; start += size) {
    let sum = 0;
    for (let i = start; i < start + size; i += 1) sum += samples[i]! * samples[i]!;
    energies.push(10 * Math.log10(sum / size + 1e-12));
  }
  return energies;
}

function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? -120;
}

/**
 * Finds the speech in a clip's frame energies. `totalSamples` is the clip's length so far (it
 * may still be recording); padding that reaches its last whole frame keeps the partial one too.
 */
export function detectSpeech(energies: readonly number[], sampleRate: number, totalSamples: number): VadReport {
  const size = frameLength(sampleRate);
  const noiseFloorDb = percentile(energies, 0.1);
  const thresholdDb = Math.max(noiseFloorDb + ABOVE_FLOOR_DB, MIN_SPEECH_DBFS);
  let first = -1;
  let last = -1;
  let loud = 0;
  energies.forEach((energy, index) => {
    if (energy <= thresholdDb) return;
    loud += 1;
    if (first < 0) first = index;
    last = index;
  });
  const speechMs = loud * FRAME_MS;
  const trailingSilenceMs = (last < 0 ? energies.length : energies.length - 1 - last) * FRAME_MS;
  if (first < 0 || speechMs < MIN_SPEECH_MS) {
    return { span: undefined, noiseFloorDb, thresholdDb, trailingSilenceMs };
  }
  const pad = Math.round(PAD_MS / FRAME_MS);
  const start = Math.max(0, first - pad) * size;
  const endFrame = last + 1 + pad;
  const end = endFrame >= energies.length ? totalSamples : endFrame * size;
  return { span: { start, end, speechMs }, noiseFloorDb, thresholdDb, trailingSilenceMs };
}

/** The clip cut to its speech (with padding), or undefined when there is none. */
export function trimToSpeech(audio: MonoAudio): { audio: MonoAudio; report: VadReport } | { audio: undefined; report: VadReport } {
  const report = detectSpeech(frameEnergies(audio.samples, audio.sampleRate), audio.sampleRate, audio.samples.length);
  if (!report.span) return { audio: undefined, report };
  return { audio: { sampleRate: audio.sampleRate, samples: audio.samples.subarray(report.span.start, report.span.end) }, report };
}

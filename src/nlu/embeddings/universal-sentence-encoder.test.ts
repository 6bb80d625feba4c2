import { describe, expect, it } from 'vitest';
import { cosineSimilarity } from './encoder';
import { universalSentenceEncoder, USE_DIMENSIONS } from './universal-sentence-encoder';

describe('the offline sentence encoder', () => {
  it('puts paraphrases close and unrelated events far, from weights shipped in the package', async () => {
    const encoder = universalSentenceEncoder();
    const [move, reschedule, standup] = await encoder.embed(['move my dentist appointment to friday', 'reschedule the dentist visit', 'team standup']);
    expect(move).toHaveLength(USE_DIMENSIONS);
    const close = cosineSimilarity(move!, reschedule!);
    const far = cosineSimilarity(move!, standup!);
    expect(close).toBeGreaterThan(0.6);
    expect(far).toBeLessThan(0.4);
    expect(await encoder.embed([])).toEqual([]);
  }, 30_000);
});

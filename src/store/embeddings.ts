import type { Database, Statement } from 'better-sqlite3';
import { EMBEDDING_DIMENSIONS } from './schema';
import { StoreError } from './errors';

/** Candidates fetched from the bit index per neighbour asked for; bench:store measures the trade-off. */
export const DEFAULT_OVERSAMPLE = 10;

export interface Neighbour {
  rowId: number;
  /** Cosine distance: 0 is the same direction, 2 the opposite. */
  distance: number;
}

/**
 * Event embeddings. Exact float32 vectors live in a plain table; their sign bits live in a
 * sqlite-vec `vec0` table for a fast Hamming first pass. Brute-force float32 search over 100k
 * vectors takes ~80 ms here, and a vec0 KNN costs time in proportion to k, so `nearest` asks the
 * bits for a short list (k × DEFAULT_OVERSAMPLE) and re-ranks it exactly. See docs/store.md.
 */
export class EmbeddingIndex {
  private readonly putVector: Statement;
  private readonly deleteBits: Statement;
  private readonly insertBits: Statement;
  private readonly bitCandidates: Statement;
  private readonly rerank: Statement;
  private readonly exactAll: Statement;
  private readonly unembedded: Statement<[number], string>;

  constructor(db: Database) {
    this.putVector = db.prepare('insert or replace into event_vectors (event_row, vector) values (?, ?)');
    this.deleteBits = db.prepare('delete from event_vector_bits where rowid = ?');
    this.insertBits = db.prepare('insert into event_vector_bits (rowid, bits) values (?, vec_quantize_binary(?))');
    this.bitCandidates = db.prepare('select rowid from event_vector_bits where bits match vec_quantize_binary(?) and k = ?').pluck();
    this.rerank = db.prepare(
      `select event_row as rowId, vec_distance_cosine(vector, ?) as distance from event_vectors
        where event_row in (select value from json_each(?)) order by distance limit ?`,
    );
    this.exactAll = db.prepare('select event_row as rowId, vec_distance_cosine(vector, ?) as distance from event_vectors order by distance limit ?');
    this.unembedded = db
      .prepare<[number], string>('select e.id from events e left join event_vectors v on v.event_row = e.row_id where v.event_row is null limit ?')
      .pluck();
  }

  put(rowId: number, vector: Float32Array): void {
    if (vector.length !== EMBEDDING_DIMENSIONS) {
      throw new StoreError('invalid', `an embedding has ${EMBEDDING_DIMENSIONS} dimensions, not ${vector.length}`);
    }
    this.putVector.run(rowId, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
    this.deleteBits.run(BigInt(rowId));
    this.insertBits.run(BigInt(rowId), vector);
  }

  /** The exact vector goes with its event row; the bits, in a virtual table, must be removed here. */
  delete(rowId: number): void {
    this.deleteBits.run(BigInt(rowId));
  }

  /** Top `k` by cosine distance: a Hamming pass over the bits, then exact re-ranking. */
  nearest(query: Float32Array, k: number, oversample = DEFAULT_OVERSAMPLE): Neighbour[] {
    const candidates = this.bitCandidates.all(query, k * oversample) as number[];
    if (candidates.length === 0) return [];
    return this.rerank.all(query, JSON.stringify(candidates), k) as Neighbour[];
  }

  /** Events that have no embedding yet (new, or written before an encoder was available). */
  missing(limit: number): string[] {
    return this.unembedded.all(limit);
  }

  /** Exact brute-force top `k`: the reference that `nearest` is measured against. */
  nearestExact(query: Float32Array, k: number): Neighbour[] {
    return this.exactAll.all(query, k) as Neighbour[];
  }
}

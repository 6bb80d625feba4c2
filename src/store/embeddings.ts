import type { Database, Statement } from 'better-sqlite3';
import { EMBEDDING_DIMENSIONS } from './schema';
import { StoreError } from './errors';

export interface Neighbour {
  rowId: number;
  /** Cosine distance: 0 is the same direction, 2 the opposite. */
  distance: number;
}

/**
 * Event embeddings in sqlite-vec. Each vector is stored twice: as float32 for exact distances and
 * as one bit per dimension for a fast first pass. Brute-force float32 search over 100k vectors
 * takes ~80 ms here (FACTS.md), so `nearest` searches the bits and re-ranks a short list exactly.
 */
export class EmbeddingIndex {
  private readonly deleteRow: Statement;
  private readonly insert: Statement;
  private readonly bitCandidates: Statement;
  private readonly exactAll: Statement;
  /** Re-rank statements by candidate count: a query usually asks for the same count each time. */
  private readonly rerankByCount = new Map<number, Statement>();

  constructor(private readonly db: Database) {
    this.deleteRow = db.prepare('delete from event_embeddings where rowid = ?');
    this.insert = db.prepare('insert into event_embeddings (rowid, embedding, embedding_bits) values (?, ?, vec_quantize_binary(?))');
    this.bitCandidates = db.prepare('select rowid from event_embeddings where embedding_bits match vec_quantize_binary(?) and k = ?').pluck();
    this.exactAll = db.prepare('select rowid as rowId, distance from event_embeddings where embedding match ? and k = ?');
  }

  put(rowId: number, vector: Float32Array): void {
    if (vector.length !== EMBEDDING_DIMENSIONS) {
      throw new StoreError('invalid', `an embedding has ${EMBEDDING_DIMENSIONS} dimensions, not ${vector.length}`);
    }
    this.deleteRow.run(BigInt(rowId));
    this.insert.run(BigInt(rowId), vector, vector);
  }

  delete(rowId: number): void {
    this.deleteRow.run(BigInt(rowId));
  }

  /** Top `k` by cosine distance: a Hamming pass over the bit vectors, then exact re-ranking. */
  nearest(query: Float32Array, k: number, oversample = 20): Neighbour[] {
    const candidates = (this.bitCandidates.all(query, k * oversample) as number[]).map((id) => BigInt(id));
    if (candidates.length === 0) return [];
    const rows = this.rerankStatement(candidates.length).all(query, ...candidates) as Neighbour[];
    return rows.sort((a, b) => a.distance - b.distance).slice(0, k);
  }

  private rerankStatement(count: number): Statement {
    let statement = this.rerankByCount.get(count);
    if (!statement) {
      const placeholders = Array.from({ length: count }, () => '?').join(',');
      statement = this.db.prepare(
        `select rowid as rowId, vec_distance_cosine(embedding, ?) as distance from event_embeddings where rowid in (${placeholders})`,
      );
      this.rerankByCount.set(count, statement);
    }
    return statement;
  }

  /** Exact brute-force top `k`: the reference `nearest` is measured against. */
  nearestExact(query: Float32Array, k: number): Neighbour[] {
    return this.exactAll.all(query, k) as Neighbour[];
  }
}

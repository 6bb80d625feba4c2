import type { Database, Statement } from 'better-sqlite3';

/**
 * One request to a cloud model, as the audit log keeps it (docs/ai.md): never its content. The
 * same shape as `AiCallRecord` in src/ai, spelled out here so the cache depends on no layer above it.
 */
export interface AiCallEntry {
  at: number;
  provider: 'openai' | 'anthropic';
  model: string;
  purpose: 'command' | 'summary' | 'chat';
  requestBytes: number;
  responseBytes: number;
  redactions: number;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  outcome: string;
  fallback: boolean;
}

interface AiCallRow {
  at: number;
  provider: AiCallEntry['provider'];
  model: string;
  purpose: AiCallEntry['purpose'];
  request_bytes: number;
  response_bytes: number;
  redactions: number;
  latency_ms: number;
  input_tokens: number;
  output_tokens: number;
  outcome: string;
  fallback: number;
}

/** The audit log of cloud calls, oldest first. */
export class AiCallLog {
  private readonly insert: Statement;
  private readonly since: Statement<[number], AiCallRow>;

  constructor(db: Database) {
    this.insert = db.prepare(
      `insert into ai_calls (at, provider, model, purpose, request_bytes, response_bytes, redactions, latency_ms, input_tokens, output_tokens, outcome, fallback)
       values (@at, @provider, @model, @purpose, @requestBytes, @responseBytes, @redactions, @latencyMs, @inputTokens, @outputTokens, @outcome, @fallback)`,
    );
    this.since = db.prepare<[number], AiCallRow>('select * from ai_calls where at >= ? order by id');
  }

  record(entry: AiCallEntry): void {
    this.insert.run({ ...entry, fallback: entry.fallback ? 1 : 0 });
  }

  from(since: number): AiCallEntry[] {
    return this.since.all(since).map((row) => ({
      at: row.at,
      provider: row.provider,
      model: row.model,
      purpose: row.purpose,
      requestBytes: row.request_bytes,
      responseBytes: row.response_bytes,
      redactions: row.redactions,
      latencyMs: row.latency_ms,
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      outcome: row.outcome,
      fallback: row.fallback === 1,
    }));
  }
}

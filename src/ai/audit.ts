import type { AiFailureKind } from './errors';
import type { AiPurpose, ProviderName } from './provider';

export type AiCallOutcome = 'ok' | AiFailureKind;

/**
 * One request that left the machine, as the audit log keeps it: who, what for, how big, how long,
 * how many tokens, how it ended. Never the content, never the key.
 */
export interface AiCallRecord {
  at: number;
  provider: ProviderName;
  model: string;
  purpose: AiPurpose;
  /** UTF-8 bytes of the prompt sent (system and user text) and of the answer received. */
  requestBytes: number;
  responseBytes: number;
  /** Placeholders put in place of e-mail addresses, phone numbers and names. */
  redactions: number;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  outcome: AiCallOutcome;
  /** The call went to this provider because another one failed first. */
  fallback: boolean;
}

export interface AuditSink {
  record(call: AiCallRecord): void;
}

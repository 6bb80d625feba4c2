import type { AiCallRecord } from './audit';
import { costUsd } from './prices';
import type { ProviderName } from './provider';

export interface ProviderStats {
  provider: ProviderName;
  calls: number;
  failures: number;
  /** Calls made because the other provider had failed. */
  fallbacks: number;
  latencyMs: { p50: number; p95: number };
  tokens: { input: number; output: number };
  /** Estimated from the price table; null when a model used has no known price. */
  estimatedCostUsd: number | null;
  models: string[];
}

export interface AiStats {
  since: number | null;
  providers: ProviderStats[];
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** An audit record as the cache gives it back (the outcome as stored text). */
export type StoredCall = Omit<AiCallRecord, 'outcome'> & { outcome: string };

/** The audit log summed up per provider: what `tempopilot ai stats` prints. */
export function summarizeCalls(calls: readonly StoredCall[]): AiStats {
  const byProvider = new Map<ProviderName, StoredCall[]>();
  for (const call of calls) byProvider.set(call.provider, [...(byProvider.get(call.provider) ?? []), call]);
  const providers = [...byProvider].sort(([a], [b]) => a.localeCompare(b)).map(([provider, list]): ProviderStats => {
    const latencies = list.map((call) => call.latencyMs).sort((a, b) => a - b);
    let cost: number | null = 0;
    for (const call of list) {
      const one = costUsd(call.model, call.inputTokens, call.outputTokens);
      cost = cost === null || one === undefined ? null : cost + one;
    }
    return {
      provider,
      calls: list.length,
      failures: list.filter((call) => call.outcome !== 'ok').length,
      fallbacks: list.filter((call) => call.fallback).length,
      latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
      tokens: { input: list.reduce((sum, call) => sum + call.inputTokens, 0), output: list.reduce((sum, call) => sum + call.outputTokens, 0) },
      estimatedCostUsd: cost,
      models: [...new Set(list.map((call) => call.model))].sort(),
    };
  });
  return { since: calls.length > 0 ? Math.min(...calls.map((call) => call.at)) : null, providers };
}

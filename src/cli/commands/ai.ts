import type { Command } from 'commander';
import type { AiStats } from '../../ai/stats';
import { PRICES_AS_OF } from '../../ai/prices';
import type { CliContext } from '../context';

function describeStats(stats: AiStats): string {
  if (stats.providers.length === 0) return 'No cloud model has been asked yet.';
  const header = ['provider', 'calls', 'failed', 'fallbacks', 'p50 ms', 'p95 ms', 'tokens in', 'tokens out', 'est. cost'];
  const rows = stats.providers.map((p) => [
    p.provider,
    String(p.calls),
    String(p.failures),
    String(p.fallbacks),
    p.latencyMs.p50.toFixed(0),
    p.latencyMs.p95.toFixed(0),
    String(p.tokens.input),
    String(p.tokens.output),
    p.estimatedCostUsd === null ? 'unknown' : `$${p.estimatedCostUsd.toFixed(4)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line), `(cost estimated from list prices as of ${PRICES_AS_OF}; see docs/ai.md)`].join('\n');
}

/** `tempopilot ai ...`: what the cloud models have been used for, from the local audit log. */
export function registerAiCommands(program: Command, ctx: CliContext): void {
  const ai = program.command('ai').description('cloud models: usage and cost');
  ai.command('stats')
    .description('calls, failures, fallbacks, latency, tokens and estimated cost per provider, from the audit log')
    .action(async () => ctx.print(await ctx.call('ai.stats', {}), describeStats));
}

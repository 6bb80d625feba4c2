import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { AiCallRecord } from '../../ai';
import { summarizeCalls } from '../../ai/stats';
import { defaultDataDir } from '../../app/paths';
import { fileKeySecretBox } from '../../app/secrets';
import { systemTimeZone } from '../../domain/time';
import { runNluEval, type EvalEngine } from '../../nlu/eval/nlu-eval';
import { runTimeEval } from '../../nlu/eval/time-eval';
import type { CliContext } from '../context';
import { UsageError } from '../errors';

interface EvalOptions {
  file: string;
  out: string;
}

interface CloudEvalOptions {
  llm?: 'openai' | 'anthropic';
  baseUrl?: string;
  model?: string;
  concurrency: string;
}

function checkInput(options: EvalOptions): void {
  if (!existsSync(options.file)) throw new UsageError(`--file: no such file "${options.file}"`);
}

/**
 * One cloud model behind the router, no fallback, so the score is that model's. Its calls are
 * kept in memory and summed up in the report rather than written to the user's audit log: an
 * evaluation sends the data set, not the user's words.
 */
async function cloudEngine(options: CloudEvalOptions & { llm: 'openai' | 'anthropic' }, dataDir: string | undefined): Promise<{ engine: EvalEngine; calls: AiCallRecord[] }> {
  const concurrency = Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError('--concurrency: expected a whole number from 1 to 32');
  const { createAiRouter } = await import('../../ai');
  const calls: AiCallRecord[] = [];
  const dir = dataDir ?? defaultDataDir();
  const router = createAiRouter({
    dataDir: dir,
    secrets: fileKeySecretBox(dir),
    llm: options.llm,
    noFallback: true,
    overrides: { [options.llm]: { ...(options.model && { model: options.model }), ...(options.baseUrl && { baseUrl: options.baseUrl }) } },
    audit: { record: (call) => calls.push(call) },
  });
  if (!router.allows('command')) throw new UsageError(`--llm ${options.llm}: no API key (set ${options.llm === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY'}, or give --base-url for a local server)`);
  const zone = systemTimeZone();
  const engine: EvalEngine = {
    name: `${options.llm}:${options.model ?? 'default'}${options.baseUrl ? `@${options.baseUrl}` : ''}`,
    concurrency,
    understand: (sentence, now) => router.understand({ text: sentence, now, zone }).then((routed) => routed.value, () => undefined),
  };
  return { engine, calls };
}

/**
 * Evaluation commands. Their output format is a contract: a readable report, and with --json one
 * summary object on the last line.
 */
export function registerEvalCommands(program: Command, ctx: CliContext): void {
  const evaluate = program.command('eval').description('score the local understanding on a data set');
  const print = (result: { report: string; summary: object }) => {
    ctx.io.stdout(result.report);
    if (ctx.options.json) ctx.io.stdout(JSON.stringify(result.summary));
  };

  evaluate
    .command('nlu')
    .description('intents and slot spans on SLURP-format records; writes one prediction per line')
    .requiredOption('--file <jsonl>', 'SLURP-format records')
    .requiredOption('--out <jsonl>', 'where to write the predictions')
    .addOption(new Option('--llm <provider>', 'score a cloud model instead of the local parser').choices(['openai', 'anthropic']))
    .option('--base-url <url>', 'the API base URL: any OpenAI-compatible server with --llm openai')
    .option('--model <name>', 'the model to score (default: the provider default)')
    .option('--concurrency <n>', 'cloud requests in flight at once', '4')
    .action(async (options: EvalOptions & CloudEvalOptions) => {
      checkInput(options);
      if (!options.llm) {
        if (options.baseUrl || options.model) throw new UsageError('--base-url and --model need --llm');
        print(await runNluEval({ file: options.file, out: options.out }));
        return;
      }
      const { engine, calls } = await cloudEngine({ ...options, llm: options.llm }, ctx.options.dataDir);
      const result = await runNluEval({ file: options.file, out: options.out, engine });
      const cloud = summarizeCalls(calls);
      const usage = cloud.providers.map((p) => `${p.provider}: ${p.calls} calls, ${p.failures} failed, ${p.tokens.input}+${p.tokens.output} tokens, ${p.estimatedCostUsd === null ? 'cost unknown' : `about $${p.estimatedCostUsd.toFixed(4)}`}`);
      print({ report: `${result.report}\n${usage.join('\n')}\n`, summary: { ...result.summary, cloud } });
    });

  evaluate
    .command('time')
    .description('time expressions on Duckling-format records, beside chrono-node alone; writes one prediction per line')
    .requiredOption('--file <jsonl>', 'Duckling-format records')
    .requiredOption('--out <jsonl>', 'where to write the predictions')
    .action(async (options: EvalOptions) => {
      checkInput(options);
      print(await runTimeEval({ file: options.file, out: options.out }));
    });
}

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { runNluEval } from '../../nlu/eval/nlu-eval';
import { runTimeEval } from '../../nlu/eval/time-eval';
import type { CliContext } from '../context';
import { UsageError } from '../errors';

interface EvalOptions {
  file: string;
  out: string;
}

function checkInput(options: EvalOptions): void {
  if (!existsSync(options.file)) throw new UsageError(`--file: no such file "${options.file}"`);
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
    .action(async (options: EvalOptions) => {
      checkInput(options);
      print(await runNluEval({ file: options.file, out: options.out }));
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

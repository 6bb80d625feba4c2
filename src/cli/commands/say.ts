import { Option, type Command } from 'commander';
import type { LlmChoice } from '../../ai';
import type { CliContext } from '../context';

/**
 * `tempopilot say "<text>"`: the whole loop from text, as if spoken. Prints the reply (or, with
 * --json, the Command, the Plan, the outcome, the reply and the timings). A question the
 * assistant asks waits in the cache's command log, so the next `say` can answer it. Exits 1 when
 * the assistant could not do what was asked (nothing found, a read-only calendar ...).
 */
export function registerSayCommands(program: Command, ctx: CliContext): void {
  program
    .command('say')
    .description('understand a command, plan it, apply it and reply, e.g. say "move my 3pm with dana to thursday morning"')
    .argument('<text...>', 'what you would say')
    .option('--now <when>', 'when it was said: an ISO instant, or a local date-time in --tz (default: now)')
    .option('--yes', 'apply even when it double-books')
    .addOption(
      new Option('--llm <provider>', 'which cloud model may help when the local parser is unsure; naming one consents to sending this transcript (filtered)').choices(['auto', 'openai', 'anthropic', 'off']),
    )
    .action(async (words: string[], options: { now?: string; yes?: boolean; llm?: LlmChoice }) => {
      if (options.llm) ctx.useCloudModels(options.llm);
      const result = await ctx.call('assistant.say', {
        text: words.join(' '),
        ...(options.now !== undefined && { now: options.now }),
        ...(ctx.options.tz && { timeZone: ctx.options.tz }),
        ...(options.yes && { confirm: true }),
      });
      ctx.print(result, (turn) => turn.reply);
      // A question asked back is a normal answer; only "could not do it" is a failure.
      ctx.failedWithAnswer = result.outcome === 'failed';
    });
}

import { Command, CommanderError, Option } from 'commander';
import packageJson from '../../package.json';
import { ApiError } from '../api/errors';
import { isValidTimeZone } from '../domain/time';
import { StoreError } from '../store';
import { toErrorBody } from '../app/dispatch';
import { registerAccountCommands } from './commands/accounts';
import { registerDaemonCommands } from './commands/daemon';
import { registerAiCommands } from './commands/ai';
import { registerEvalCommands } from './commands/eval';
import { registerEventCommands } from './commands/events';
import { registerSayCommands } from './commands/say';
import { registerServerCommands } from './commands/server';
import { registerSyncCommands } from './commands/sync';
import { registerVoiceCommands } from './commands/voice';
import { registerWebCommands } from './commands/web';
import { CliContext, type CliIo, type GlobalOptions } from './context';
import type { CliServices } from './services';
import { UsageError } from './errors';

/** Exit codes: 0 done, 1 the machine or the cache is in the way, 2 the command was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const USAGE_CODES = new Set(['invalid-args', 'not-found', 'unknown-method']);

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
};

export function buildProgram(ctx: CliContext, services: CliServices = {}): Command {
  const program = new Command('tempopilot')
    .description('TempoPilot: a voice-first calendar autopilot. This is its headless face.')
    .version(packageJson.version)
    .option('--data-dir <dir>', 'where the local cache lives (default: the OS user data folder)')
    .addOption(new Option('--tz <zone>', 'your IANA time zone (default: the system zone)').argParser((zone) => {
      if (!isValidTimeZone(zone)) throw new UsageError(`--tz: unknown time zone "${zone}"`);
      return zone;
    }))
    .option('--json', 'print results as one line of JSON')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout(text.trimEnd()),
      writeErr: (text) => ctx.io.stderr(text.trimEnd()),
      outputError: () => undefined,
    });
  registerEventCommands(program, ctx);
  registerVoiceCommands(program, ctx);
  registerSyncCommands(program, ctx);
  registerAccountCommands(program, ctx);
  registerEvalCommands(program, ctx);
  registerAiCommands(program, ctx);
  registerWebCommands(program, ctx);
  registerSayCommands(program, ctx);
  registerServerCommands(program, ctx, services);
  registerDaemonCommands(program, ctx, services.daemon);
  const silence = (command: Command) => {
    command.exitOverride().configureOutput({ outputError: () => undefined });
    command.commands.forEach(silence);
  };
  program.commands.forEach(silence);
  return program;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/^error:\s*/, '').trim();
}

/** Runs one command line; never throws and never prints a stack trace (unless TEMPOPILOT_DEBUG is set). */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo, services: CliServices = {}): Promise<number> {
  let globals: GlobalOptions = {};
  const ctx = new CliContext(io, () => globals, services.startSyncServer);
  const program = buildProgram(ctx, services);
  program.hook('preAction', (thisCommand) => {
    globals = thisCommand.opts<GlobalOptions>();
  });
  const wantsJson = argv.includes('--json');
  const fail = (code: number, error: { code: string; message: string }) => {
    io.stderr(`tempopilot: ${oneLine(error.message)}`);
    if (wantsJson) io.stdout(JSON.stringify({ error }));
    return code;
  };
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return ctx.failedWithAnswer ? EXIT_FAILURE : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT_OK;
      return fail(EXIT_USAGE, { code: 'invalid-args', message: error.message });
    }
    if (error instanceof UsageError) return fail(EXIT_USAGE, { code: 'invalid-args', message: error.message });
    if (error instanceof ApiError || error instanceof StoreError) {
      const body = toErrorBody(error);
      return fail(USAGE_CODES.has(body.code) ? EXIT_USAGE : EXIT_FAILURE, body);
    }
    if (process.env.TEMPOPILOT_DEBUG) io.stderr(String((error as Error).stack));
    const message = error instanceof Error ? error.message : String(error);
    return fail(EXIT_FAILURE, { code: 'internal', message: `unexpected error: ${message} (set TEMPOPILOT_DEBUG=1 for details)` });
  } finally {
    ctx.close();
  }
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { startWebFace } from '../../app/web-face';
import { universalSentenceEncoder } from '../../nlu/embeddings/universal-sentence-encoder';
import type { CliContext } from '../context';
import { UsageError } from '../errors';

const BUILT_RENDERER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/renderer');

/** Resolves when the process is asked to stop, so a long-running face can close cleanly. */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

/** The line `tempopilot web` prints; `npm start` says first why it is not the desktop app. */
export function webFaceLine(url: string, desktopUnavailable?: string): string {
  const where = `${desktopUnavailable ? 'the browser face' : 'TempoPilot'} is open at ${url}  (Ctrl-C to stop)`;
  return desktopUnavailable ? `TempoPilot desktop cannot start (${desktopUnavailable}); ${where}` : where;
}

export function registerWebCommands(program: Command, ctx: CliContext): void {
  program
    .command('web')
    .description('serve the TempoPilot UI on 127.0.0.1 for any browser (runs until Ctrl-C)')
    .option('--port <n>', 'port to listen on (default: any free one)', (value) => {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port: "${value}" is not a port number`);
      return port;
    })
    .addOption(new Option('--desktop-unavailable <reason>', 'set by npm start: why the desktop app is not running').hideHelp())
    .action(async (options: { port?: number; desktopUnavailable?: string }) => {
      if (!existsSync(path.join(BUILT_RENDERER, 'index.html'))) {
        throw new UsageError('the UI is not built yet: run `npm run build` first');
      }
      const face = await startWebFace(ctx.openHost({ encoder: universalSentenceEncoder(), backgroundSync: true }), { staticDir: BUILT_RENDERER, port: options.port });
      ctx.print({ url: face.url }, ({ url }) => webFaceLine(url, options.desktopUnavailable));
      await untilInterrupted();
      await face.close();
    });
}

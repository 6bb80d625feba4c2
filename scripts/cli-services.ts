import type { CliServices } from '../src/cli/services';

/**
 * What the composition roots (bin/tempopilot.js, `npm start`) hand the CLI that src/ may not
 * import itself: the sync server, loaded only when a command needs it.
 */
export function cliServices(env: NodeJS.ProcessEnv = process.env): CliServices {
  return {
    async startSyncServer(options) {
      const { startSyncServer, createLogger } = await import('../sync-server/index');
      const secretKey = env.TEMPOPILOT_SECRET_KEY;
      // Request logs would mix with the CLI's own (--json) output: only warnings, unless asked.
      const { providerJobs, ...rest } = options;
      return startSyncServer({ ...rest, providerJobs: providerJobs === false ? false : {}, ...(secretKey && { secretKey }), logger: createLogger({ level: env.LOG_LEVEL ?? 'warn' }) });
    },
  };
}

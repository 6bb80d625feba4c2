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
      // Change notification channels belong to the long-running server (the one with jobs), which
      // renews them; a one-shot command's server would open channels nobody keeps.
      const publicUrl = providerJobs === false ? undefined : env.TEMPOPILOT_PUBLIC_URL;
      return startSyncServer({
        ...rest,
        providerJobs: providerJobs === false ? false : {},
        ...(secretKey && { secretKey }),
        ...(publicUrl && { publicUrl }),
        logger: createLogger({ level: env.LOG_LEVEL ?? 'warn' }),
      });
    },
  };
}

#!/usr/bin/env node
// The composition root of the headless face: runs the TypeScript CLI from source through tsx (no
// build step), and hands it the sync server, which the core (src/) may not import itself.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
const services = {
  async startSyncServer(options) {
    const { startSyncServer, createLogger } = await import('../sync-server/index.ts');
    // Request logs would mix with the CLI's own (--json) output: only warnings, unless asked.
    const secretKey = process.env.TEMPOPILOT_SECRET_KEY;
    return startSyncServer({ ...options, ...(secretKey && { secretKey }), logger: createLogger({ level: process.env.LOG_LEVEL ?? 'warn' }) });
  },
};
process.exitCode = await runCli(process.argv.slice(2), undefined, services);

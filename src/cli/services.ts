/**
 * What the composition root (bin/tempopilot.js) hands the CLI that src/ may not import itself:
 * the sync server lives in sync-server/, outside the core's walls.
 */
export interface SyncServerLauncher {
  (options: { host: string; port: number; dataDir?: string; databaseUrl?: string }): Promise<{ url: string; close(): Promise<void> }>;
}

export interface CliServices {
  startSyncServer?: SyncServerLauncher;
}

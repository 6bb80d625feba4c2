/** The two IPC channels between the preload and the main process: requests, and host pushes. */
export const IPC_CALL = 'tempopilot:call';
export const IPC_EVENT = 'tempopilot:event';

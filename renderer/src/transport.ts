import type { Transport } from '../../src/api/client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser until the web face connects. */
    tempopilot?: Transport;
  }
}

export function hostTransport(): Transport | undefined {
  return window.tempopilot;
}

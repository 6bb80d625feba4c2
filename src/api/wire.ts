/**
 * The messages of the api contract over a WebSocket (the browser face): a request names a method
 * and carries an id; the host answers with the same id, and pushes host events unasked.
 */
export interface WireRequest {
  id: number;
  method: string;
  args: unknown;
}

export type WireMessage = { kind: 'reply'; id: number; reply: unknown } | { kind: 'event'; event: unknown };

/** The WebSocket path of the bridge; the launch token travels as `?token=`. */
export const WIRE_PATH = '/api';

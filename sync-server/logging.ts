import pino, { type DestinationStream, type Logger } from 'pino';

export interface LogOptions {
  level?: string;
  /** Where the JSON lines go; standard output when absent. */
  destination?: DestinationStream;
}

/**
 * Secrets and personal data never reach a log line: credentials in headers are censored, and the
 * keys under which an event's or a person's data could travel are censored wherever they appear
 * two levels deep. Request bodies are never logged at all.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.dpop',
  'req.headers.cookie',
  ...['accessToken', 'token', 'code', 'publicKey', 'privateJwk', 'privateKey', 'password', 'secret', 'sealedSecret', 'refreshToken', 'tokenCache', 'clientSecret', 'title', 'description', 'location', 'attendees', 'organizer', 'settings'].flatMap(
    (key) => [key, `*.${key}`, `*.*.${key}`],
  ),
];

/** Enough to tell clients and requests apart; credentials are listed to show that they came, censored. */
const LOGGED_HEADERS = ['host', 'user-agent', 'content-type', 'content-length', 'authorization', 'dpop'];

export function createLogger(options: LogOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        req: (request: { method: string; url: string; headers: Record<string, unknown>; ip?: string }) => ({
          method: request.method,
          url: request.url,
          headers: Object.fromEntries(LOGGED_HEADERS.filter((name) => request.headers[name] !== undefined).map((name) => [name, request.headers[name]])),
          remoteAddress: request.ip,
        }),
        // A database error's detail can quote the row it choked on: keep what identifies the fault.
        err: (error: Error & { code?: unknown }) => ({ type: error.name, code: error.code, message: error.message, stack: error.stack }),
      },
    },
    options.destination,
  );
}

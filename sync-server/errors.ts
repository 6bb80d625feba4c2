import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { ErrorBody } from '../src/sync/protocol';

/** An answer other than success, with the protocol's ErrorBody: a code for programs, a message for people. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

const MAX_ISSUES_REPORTED = 3;

/** Parses request input with a protocol schema; a failure is a 400 naming the offending fields. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, part: 'body' | 'query' | 'params'): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, MAX_ISSUES_REPORTED).map((issue) => {
    const path = [part, ...issue.path.map(String)].join('.');
    return `${path}: ${issue.message}`;
  });
  const more = parsed.error.issues.length - issues.length;
  throw new HttpError(400, 'invalid-request', issues.join('; ') + (more > 0 ? ` (and ${more} more)` : ''));
}

/** Fastify's own client errors, in the protocol's words. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid-json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid-json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid-request',
};

/**
 * Every failure leaves as an ErrorBody. Input the server cannot use is a 4xx with a message that
 * says what was wrong; only a fault on the server's side (the database is down, a bug) is a 5xx,
 * logged with its stack and answered without details.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(errorBody('not-found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      request.log.info({ code: error.code, status: error.status }, 'request refused');
      if (error.status === 401) void reply.header('www-authenticate', 'DPoP algs="Ed25519"');
      return reply.code(error.status).send(errorBody(error.code, error.message));
    }
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      const code = (error.code && FASTIFY_CODES[error.code]) ?? (error instanceof SyntaxError ? 'invalid-json' : 'invalid-request');
      request.log.info({ code, status }, 'request refused');
      return reply.code(status).send(errorBody(code, error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody('internal', 'the sync server failed; the request can be retried'));
  });
}

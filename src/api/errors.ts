/** What went wrong, in terms a client can act on; the message is written for people. */
export type ApiErrorCode = 'invalid-args' | 'not-found' | 'read-only' | 'denied' | 'unavailable' | 'unknown-method' | 'internal';

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message };
  }
}

/** The one envelope every reply travels in, whatever the transport. */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };

import type { IncomingMessage } from 'node:http';

/**
 * What the scripted "model" behind the OpenAI and Anthropic doubles says. The doubles turn each
 * reply into their API's wire format; the model itself knows nothing about any data set: each
 * test queues its replies, or answers with a function of the request.
 */
export type ModelReply =
  /** A structured answer: JSON-schema content or a function call (OpenAI), a tool_use block (Anthropic). */
  | { json: unknown }
  /** A text answer; streamed as these pieces (one piece by default), optionally cut by an error event after `failAfter` pieces. */
  | { text: string; pieces?: string[]; failAfter?: number }
  /** What a model sometimes does: text that is not JSON, in place of the structured answer. */
  | { malformed: string }
  /** An HTTP error as the API documents it. */
  | { status: 400 | 401 | 429 | 500 | 503 | 529; retryAfterSeconds?: number };

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  /** The raw body, as it crossed the wire. */
  body: string;
  json: Record<string, unknown>;
  /** The text of the last user message, for scripts that answer from it. */
  lastUser: string;
  stream: boolean;
}

export type ModelScript = (request: RecordedRequest) => ModelReply;

/** The part both doubles share: the queue or function of replies, the delay, the record of requests. */
export class ScriptedModel {
  readonly requests: RecordedRequest[] = [];
  /** Requests that arrived while `forbidden` was set: a test of "nothing leaves" fails on any. */
  readonly violations: RecordedRequest[] = [];
  forbidden = false;
  /** Held before answering, for time-out tests. */
  delayMs = 0;
  private queue: ModelReply[] = [];
  private script: ModelScript | undefined;

  /** Replies for the next requests, in order; after them the script (if any) answers. */
  reply(...replies: ModelReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  answerWith(script: ModelScript): this {
    this.script = script;
    return this;
  }

  reset(): void {
    this.queue = [];
    this.script = undefined;
    this.requests.length = 0;
    this.violations.length = 0;
    this.forbidden = false;
    this.delayMs = 0;
  }

  next(request: RecordedRequest): ModelReply {
    this.requests.push(request);
    if (this.forbidden) {
      this.violations.push(request);
      return { status: 500 };
    }
    const queued = this.queue.shift();
    if (queued) return queued;
    if (this.script) return this.script(request);
    return { status: 500 };
  }
}

/** A rough token count, four characters a token, for the usage fields. */
export function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function piecesOf(reply: { text: string; pieces?: string[] }): string[] {
  return reply.pieces ?? [reply.text];
}


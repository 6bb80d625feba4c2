import type { IncomingMessage, ServerResponse } from 'node:http';
import { openEventStream, pause, readBody, sendJson, startHttpDouble } from './http-double';
import { piecesOf, ScriptedModel, tokens, type RecordedRequest } from './scripted-model';

/**
 * A local stand-in for Anthropic's POST /v1/messages, written from the public API reference:
 * - authentication by `x-api-key` (https://docs.anthropic.com/en/api/overview#authentication) or
 *   `Authorization: Bearer`, which is what @anthropic-ai/sdk 1.x sends for an API key; and a
 *   required `anthropic-version` header (https://docs.anthropic.com/en/api/versioning)
 * - `tools: [{name, description, input_schema}]` with `tool_choice: {type: "tool", name}`: the
 *   answer is a `tool_use` content block whose `input` is the object, `stop_reason: "tool_use"`
 *   (https://docs.anthropic.com/en/docs/build-with-claude/tool-use)
 * - `stream: true`: server-sent events named message_start, content_block_start, ping,
 *   content_block_delta (text_delta), content_block_stop, message_delta (usage.output_tokens),
 *   message_stop; an `error` event mid-stream, e.g. overloaded_error
 *   (https://docs.anthropic.com/en/docs/build-with-claude/streaming)
 * - errors: `{type: "error", error: {type, message}}` with 400 invalid_request_error, 401
 *   authentication_error, 429 rate_limit_error (+ `retry-after`), 500 api_error and 529
 *   overloaded_error (https://docs.anthropic.com/en/api/errors,
 *   https://docs.anthropic.com/en/api/rate-limits)
 */
const ERRORS: Record<number, { type: string; message: string }> = {
  400: { type: 'invalid_request_error', message: 'messages: field required' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  429: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit.' },
  500: { type: 'api_error', message: 'Internal server error' },
  503: { type: 'api_error', message: 'Service unavailable' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
};

export interface AnthropicDouble {
  /** The base URL to give the SDK (the SDK adds /v1). */
  baseUrl: string;
  apiKey: string;
  model: ScriptedModel;
  close(): Promise<void>;
}

interface MessageParam {
  role: string;
  content: string | { type: string; text?: string }[];
}

function fail(response: ServerResponse, status: number, retryAfterSeconds?: number): void {
  const error = ERRORS[status] ?? ERRORS[500]!;
  sendJson(response, status, { type: 'error', error, request_id: 'req_double' }, { 'request-id': 'req_double', ...(retryAfterSeconds !== undefined && { 'retry-after': String(retryAfterSeconds) }) });
}

function textOf(content: MessageParam['content']): string {
  return typeof content === 'string' ? content : content.map((block) => block.text ?? '').join('');
}

export async function startAnthropicDouble(apiKey = 'sk-ant-test-key'): Promise<AnthropicDouble> {
  const model = new ScriptedModel();
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const body = (await readBody(request)).toString('utf8');
    if (request.method !== 'POST' || request.url !== '/v1/messages') {
      sendJson(response, 404, { type: 'error', error: { type: 'not_found_error', message: 'Not found' } });
      return;
    }
    if (request.headers['x-api-key'] !== apiKey && request.headers.authorization !== `Bearer ${apiKey}`) return fail(response, 401);
    if (!request.headers['anthropic-version']) {
      sendJson(response, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
      return;
    }
    const json = JSON.parse(body) as Record<string, unknown>;
    const messages = json.messages as MessageParam[] | undefined;
    if (typeof json.model !== 'string' || typeof json.max_tokens !== 'number' || !Array.isArray(messages) || messages.length === 0) return fail(response, 400);
    const recorded: RecordedRequest = {
      path: request.url,
      headers: request.headers,
      body,
      json,
      lastUser: textOf(messages.filter((m) => m.role === 'user').at(-1)?.content ?? ''),
      stream: json.stream === true,
    };
    const reply = model.next(recorded);
    if (model.delayMs > 0) await pause(model.delayMs);
    if ('status' in reply) return fail(response, reply.status, reply.retryAfterSeconds);
    const inputTokens = tokens(`${String(json.system ?? '')}\n${messages.map((m) => textOf(m.content)).join('\n')}`);
    const id = 'msg_double_1';
    if (recorded.stream) {
      const send = openEventStream(response);
      const pieces = 'text' in reply ? piecesOf(reply) : ['malformed' in reply ? reply.malformed : JSON.stringify(reply.json)];
      send('message_start', { type: 'message_start', message: { id, type: 'message', role: 'assistant', content: [], model: json.model, stop_reason: null, stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: 1 } } });
      send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
      send('ping', { type: 'ping' });
      for (const [index, piece] of pieces.entries()) {
        if ('text' in reply && reply.failAfter === index) {
          send('error', { type: 'error', error: ERRORS[529] });
          response.end();
          return;
        }
        send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } });
      }
      send('content_block_stop', { type: 'content_block_stop', index: 0 });
      send('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: tokens(pieces.join('')) } });
      send('message_stop', { type: 'message_stop' });
      response.end();
      return;
    }
    const tools = json.tools as { name: string }[] | undefined;
    // A malformed answer is the model writing prose instead of calling the tool it was told to call.
    const content =
      'json' in reply && tools?.length
        ? [{ type: 'tool_use', id: 'toolu_double_1', name: tools[0]!.name, input: reply.json }]
        : [{ type: 'text', text: 'json' in reply ? JSON.stringify(reply.json) : 'malformed' in reply ? reply.malformed : reply.text }];
    sendJson(response, 200, {
      id,
      type: 'message',
      role: 'assistant',
      model: json.model,
      content,
      stop_reason: content[0]!.type === 'tool_use' ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: tokens(JSON.stringify(content)) },
    });
  };
  const server = await startHttpDouble(handle);
  return { baseUrl: server.origin, apiKey, model, close: server.close };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { openEventStream, pause, readBody, sendJson, startHttpDouble } from './http-double';
import { piecesOf, ScriptedModel, tokens, type ModelReply, type RecordedRequest } from './scripted-model';

/**
 * A local stand-in for OpenAI's POST /v1/chat/completions, written from the public API reference:
 * - request and response objects: https://platform.openai.com/docs/api-reference/chat/create
 * - `response_format: {type: "json_schema", json_schema: {name, schema, strict}}`: the answer is
 *   the message `content` as a JSON string (https://platform.openai.com/docs/guides/structured-outputs)
 * - `tools` + `tool_choice: {type: "function", function: {name}}`: the answer is
 *   `message.tool_calls[].function.arguments`, a JSON string, with `finish_reason: "tool_calls"`
 *   (https://platform.openai.com/docs/guides/function-calling)
 * - `stream: true`: server-sent `data:` lines of `chat.completion.chunk` objects, a usage chunk
 *   with empty `choices` when `stream_options.include_usage` is set, then `data: [DONE]`
 *   (https://platform.openai.com/docs/api-reference/chat-streaming)
 * - errors: the `{error: {message, type, param, code}}` envelope with 401, 429 (+ `retry-after`),
 *   500 and 503 (https://platform.openai.com/docs/guides/error-codes, and
 *   https://platform.openai.com/docs/guides/rate-limits for the headers)
 */
const ERRORS: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: "Invalid value for 'messages'.", type: 'invalid_request_error', code: null },
  401: { message: 'Incorrect API key provided: sk-te***ey. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', code: 'invalid_api_key' },
  429: { message: 'Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
  503: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null },
  529: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null },
};

export interface OpenAiChatDouble {
  /** The base URL to give the SDK (ends in /v1). */
  baseUrl: string;
  apiKey: string;
  model: ScriptedModel;
  close(): Promise<void>;
}

interface ChatMessage {
  role: string;
  content: string | null;
}

function fail(response: ServerResponse, status: number, retryAfterSeconds?: number): void {
  const error = ERRORS[status] ?? ERRORS[500]!;
  sendJson(response, status, { error: { ...error, param: null } }, retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) });
}

function answerContent(json: Record<string, unknown>, reply: Exclude<ModelReply, { status: number }>): { content: string | null; toolCalls?: unknown[]; finish: string } {
  const raw = 'json' in reply ? JSON.stringify(reply.json) : 'malformed' in reply ? reply.malformed : reply.text;
  const tools = json.tools as { function: { name: string } }[] | undefined;
  if (tools?.length && !('text' in reply)) {
    return { content: null, toolCalls: [{ id: 'call_double_1', type: 'function', function: { name: tools[0]!.function.name, arguments: raw } }], finish: 'tool_calls' };
  }
  return { content: raw, finish: 'stop' };
}

export async function startOpenAiChatDouble(apiKey = 'sk-test-openai-key'): Promise<OpenAiChatDouble> {
  const model = new ScriptedModel();
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const body = (await readBody(request)).toString('utf8');
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      sendJson(response, 404, { error: { message: `Invalid URL (${request.method} ${request.url})`, type: 'invalid_request_error', param: null, code: null } });
      return;
    }
    if (request.headers.authorization !== `Bearer ${apiKey}`) return fail(response, 401);
    const json = JSON.parse(body) as Record<string, unknown>;
    const messages = json.messages as ChatMessage[] | undefined;
    if (typeof json.model !== 'string' || !Array.isArray(messages) || messages.length === 0) return fail(response, 400);
    const recorded: RecordedRequest = {
      path: request.url,
      headers: request.headers,
      body,
      json,
      lastUser: messages.filter((m) => m.role === 'user').at(-1)?.content ?? '',
      stream: json.stream === true,
    };
    const reply = model.next(recorded);
    if (model.delayMs > 0) await pause(model.delayMs);
    if ('status' in reply) return fail(response, reply.status, reply.retryAfterSeconds);
    const created = Math.floor(Date.now() / 1000);
    const promptTokens = tokens(messages.map((m) => m.content ?? '').join('\n'));
    if (recorded.stream) {
      const send = openEventStream(response);
      const chunk = (delta: object, finish: string | null) => ({ id: 'chatcmpl-double', object: 'chat.completion.chunk', created, model: json.model, choices: [{ index: 0, delta, finish_reason: finish }] });
      const pieces = 'text' in reply ? piecesOf(reply) : ['malformed' in reply ? reply.malformed : JSON.stringify(reply.json)];
      send(undefined, chunk({ role: 'assistant', content: '' }, null));
      for (const [index, piece] of pieces.entries()) {
        if ('text' in reply && reply.failAfter === index) {
          // A failure mid-stream arrives as an error object in a data line.
          send(undefined, { error: { ...ERRORS[500], param: null } });
          response.end();
          return;
        }
        send(undefined, chunk({ content: piece }, null));
      }
      send(undefined, chunk({}, 'stop'));
      const completionTokens = tokens(pieces.join(''));
      if ((json.stream_options as { include_usage?: boolean } | undefined)?.include_usage) {
        send(undefined, { id: 'chatcmpl-double', object: 'chat.completion.chunk', created, model: json.model, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens } });
      }
      send(undefined, '[DONE]');
      response.end();
      return;
    }
    const { content, toolCalls, finish } = answerContent(json, reply);
    const completionTokens = tokens(content ?? JSON.stringify(toolCalls));
    sendJson(response, 200, {
      id: 'chatcmpl-double',
      object: 'chat.completion',
      created,
      model: json.model,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null, ...(toolCalls && { tool_calls: toolCalls }) }, logprobs: null, finish_reason: finish }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  };
  const server = await startHttpDouble(handle);
  return { baseUrl: `${server.origin}/v1`, apiKey, model, close: server.close };
}

import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { AiError, httpFailure } from '../errors';
import type { CallOptions, LlmProvider, StreamPiece, StructuredReply, StructuredRequest, TextRequest } from '../provider';
import { structuredTurns } from './conversation';

export interface OpenAiProviderOptions {
  apiKey: string;
  /** The API's base URL (ends in /v1): OpenAI's, a local double's, or any OpenAI-compatible server's. */
  baseUrl?: string;
  model?: string;
  /**
   * How the answer's shape is asked for: `response_format: {type: 'json_schema'}` (structured
   * outputs), or a forced function call, for compatible servers that only know tools.
   */
  structuredOutput?: 'json_schema' | 'tools';
}

export const OPENAI_DEFAULT_MODEL = 'gpt-4o-mini';

/**
 * OpenAI's chat completions through the official SDK. The SDK's own retries are off: the router
 * decides between waiting (retry-after, with jitter) and asking the other provider.
 */
export class OpenAiProvider implements LlmProvider {
  readonly name = 'openai' as const;
  readonly model: string;
  private readonly client: OpenAI;
  private readonly mode: 'json_schema' | 'tools';

  constructor(options: OpenAiProviderOptions) {
    this.model = options.model ?? OPENAI_DEFAULT_MODEL;
    this.mode = options.structuredOutput ?? 'json_schema';
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: 0 });
  }

  async structured(request: StructuredRequest, options: CallOptions): Promise<StructuredReply> {
    const { name, description, schema } = request.tool;
    const shape: Partial<ChatCompletionCreateParamsNonStreaming> =
      this.mode === 'json_schema'
        ? // strict: false, because strict mode wants every property required and the Command has optional parts.
          { response_format: { type: 'json_schema', json_schema: { name, description, schema, strict: false } } }
        : { tools: [{ type: 'function', function: { name, description, parameters: schema } }], tool_choice: { type: 'function', function: { name } } };
    try {
      const completion = await this.client.chat.completions.create(
        { model: this.model, max_completion_tokens: request.maxTokens, messages: [system(request.system), ...structuredTurns(request)], ...shape },
        { signal: options.signal, timeout: options.timeoutMs },
      );
      const message = completion.choices[0]?.message;
      const call = message?.tool_calls?.find((c) => c.type === 'function');
      const json = call?.type === 'function' ? call.function.arguments : (message?.content ?? '');
      return { json, usage: { inputTokens: completion.usage?.prompt_tokens ?? 0, outputTokens: completion.usage?.completion_tokens ?? 0 }, model: completion.model };
    } catch (error) {
      throw describeFailure(error);
    }
  }

  async *streamText(request: TextRequest, options: CallOptions): AsyncIterable<StreamPiece> {
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: this.model,
          max_completion_tokens: request.maxTokens,
          messages: [system(request.system), { role: 'user', content: request.user }],
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal: options.signal, timeout: options.timeoutMs },
      );
      for await (const chunk of stream) {
        const text = chunk.choices[0]?.delta?.content;
        if (text) yield { kind: 'text', text };
        if (chunk.usage) yield { kind: 'usage', usage: { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens } };
      }
    } catch (error) {
      throw describeFailure(error);
    }
  }
}

function system(content: string): ChatCompletionMessageParam {
  return { role: 'system', content };
}

function describeFailure(error: unknown): AiError {
  if (error instanceof AiError) return error;
  if (error instanceof OpenAI.APIUserAbortError) return new AiError('cancelled', 'the openai request was cancelled', { provider: 'openai' });
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new AiError('timeout', 'openai did not answer in time', { provider: 'openai' });
  if (error instanceof OpenAI.APIConnectionError) return new AiError('connection', 'cannot reach openai', { provider: 'openai' });
  if (error instanceof OpenAI.APIError && error.status !== undefined) return httpFailure('openai', error.status, error.headers);
  return new AiError('server-error', 'the openai request failed', { provider: 'openai' });
}

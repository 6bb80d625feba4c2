import Anthropic from '@anthropic-ai/sdk';
import { AiError, httpFailure } from '../errors';
import type { CallOptions, LlmProvider, StreamPiece, StructuredReply, StructuredRequest, TextRequest } from '../provider';
import { structuredTurns } from './conversation';

export interface AnthropicProviderOptions {
  apiKey: string;
  /** The API's base URL (no /v1): Anthropic's, or a local double's. */
  baseUrl?: string;
  model?: string;
}

export const ANTHROPIC_DEFAULT_MODEL = 'claude-haiku-4-5';

/**
 * Anthropic's Messages API through the official SDK. Structured answers come from tool use: one
 * tool whose `input_schema` is the answer's schema, forced with `tool_choice`. The SDK's own
 * retries are off; the router decides.
 */
export class AnthropicProvider implements LlmProvider {
  readonly name = 'anthropic' as const;
  readonly model: string;
  private readonly client: Anthropic;

  constructor(options: AnthropicProviderOptions) {
    this.model = options.model ?? ANTHROPIC_DEFAULT_MODEL;
    this.client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: 0 });
  }

  async structured(request: StructuredRequest, options: CallOptions): Promise<StructuredReply> {
    const { name, description, schema } = request.tool;
    try {
      const message = await this.client.messages.create(
        {
          model: this.model,
          max_tokens: request.maxTokens,
          system: request.system,
          messages: structuredTurns(request),
          tools: [{ name, description, input_schema: schema }],
          tool_choice: { type: 'tool', name },
        },
        { signal: options.signal, timeout: options.timeoutMs },
      );
      const call = message.content.find((block) => block.type === 'tool_use' && block.name === name);
      // A model that answered in prose instead of calling the tool gave no usable JSON: the router refuses it.
      const json = call?.type === 'tool_use' ? JSON.stringify(call.input) : message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
      return { json, usage: { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens }, model: message.model };
    } catch (error) {
      throw describeFailure(error);
    }
  }

  async *streamText(request: TextRequest, options: CallOptions): AsyncIterable<StreamPiece> {
    try {
      const stream = await this.client.messages.create(
        { model: this.model, max_tokens: request.maxTokens, system: request.system, messages: [{ role: 'user', content: request.user }], stream: true },
        { signal: options.signal, timeout: options.timeoutMs },
      );
      let inputTokens = 0;
      let outputTokens = 0;
      for await (const event of stream) {
        if (event.type === 'message_start') inputTokens = event.message.usage.input_tokens;
        else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') yield { kind: 'text', text: event.delta.text };
        else if (event.type === 'message_delta') outputTokens = event.usage.output_tokens;
      }
      yield { kind: 'usage', usage: { inputTokens, outputTokens } };
    } catch (error) {
      throw describeFailure(error);
    }
  }
}

function describeFailure(error: unknown): AiError {
  if (error instanceof AiError) return error;
  if (error instanceof Anthropic.APIUserAbortError) return new AiError('cancelled', 'the anthropic request was cancelled', { provider: 'anthropic' });
  if (error instanceof Anthropic.APIConnectionTimeoutError) return new AiError('timeout', 'anthropic did not answer in time', { provider: 'anthropic' });
  if (error instanceof Anthropic.APIConnectionError) return new AiError('connection', 'cannot reach anthropic', { provider: 'anthropic' });
  if (error instanceof Anthropic.APIError) {
    if (error.status !== undefined) return httpFailure('anthropic', error.status, error.headers);
    // An `error` event in the middle of a stream has no status, only the error's type.
    if (error.type === 'overloaded_error') return new AiError('overloaded', 'anthropic is overloaded (529)', { provider: 'anthropic' });
  }
  return new AiError('server-error', 'the anthropic request failed', { provider: 'anthropic' });
}

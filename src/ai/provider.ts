/**
 * The one interface both cloud models sit behind. A provider only speaks its wire format: it sends
 * a prompt and returns the model's JSON (or text) with the usage the API reported. Validation,
 * retries, fallback, privacy and bookkeeping are the router's, so they are the same for both.
 */

export type ProviderName = 'openai' | 'anthropic';

/** What a cloud call is for; each has its own latency budget and privacy requirement. */
export type AiPurpose = 'command' | 'summary' | 'chat';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** A JSON Schema object (draft 7), as both APIs accept it for tools and structured output. */
export type JsonSchema = { type: 'object' } & Record<string, unknown>;

export interface StructuredRequest {
  purpose: AiPurpose;
  system: string;
  user: string;
  /** The shape of the answer: a tool (function) the model must call, or a JSON schema it must follow. */
  tool: { name: string; description: string; schema: JsonSchema };
  /** A refused earlier answer and what was wrong with it: the model gets one chance to correct it. */
  correction?: { answer: string; problem: string };
  maxTokens: number;
}

export interface StructuredReply {
  /** The model's answer as JSON text, unparsed: a malformed answer is the router's to judge. */
  json: string;
  usage: TokenUsage;
  model: string;
}

export interface TextRequest {
  purpose: AiPurpose;
  system: string;
  user: string;
  maxTokens: number;
}

export type StreamPiece = { kind: 'text'; text: string } | { kind: 'usage'; usage: TokenUsage };

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs: number;
}

export interface LlmProvider {
  readonly name: ProviderName;
  readonly model: string;
  structured(request: StructuredRequest, options: CallOptions): Promise<StructuredReply>;
  /** Text as it is generated, then one usage piece. Fails before the first piece when the API refuses. */
  streamText(request: TextRequest, options: CallOptions): AsyncIterable<StreamPiece>;
}

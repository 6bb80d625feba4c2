import { AnthropicProvider } from '../providers/anthropic-provider';
import { OpenAiProvider } from '../providers/openai-provider';
import type { AiCallRecord } from '../audit';
import { ManualClock } from '../clock';
import { LlmRouter, type RouterOptions } from '../router';
import { parseCommand } from '../../nlu/parse';
import type { ModelScript, RecordedRequest } from '../../../tests/doubles/scripted-model';
import type { AnthropicDouble } from '../../../tests/doubles/anthropic-messages';
import type { OpenAiChatDouble } from '../../../tests/doubles/openai-chat';

export const NOW = new Date('2026-03-04T09:00:00Z');
export const ZONE = 'Europe/Berlin';

/** The transcript a command request carries (the first user message's "Transcript:" line). */
export function transcriptOf(request: RecordedRequest): string {
  const match = /Transcript: ((?:[^"\\]|\\.)*)/.exec(request.body);
  return match ? (JSON.parse(`"${match[1]}"`) as string) : '';
}

/**
 * A scripted model that reads the transcript it was sent with the local parser and answers with
 * more confidence: a function of the request, so nothing is tied to any data set.
 */
export const parserModel: ModelScript = (request) => ({ json: { ...parseCommand(transcriptOf(request), { now: NOW, zone: ZONE }), confidence: 0.93 } });

export function routerFor(doubles: { openai?: OpenAiChatDouble; anthropic?: AnthropicDouble }, options: Partial<RouterOptions> & { openAiMode?: 'json_schema' | 'tools' } = {}) {
  const calls: AiCallRecord[] = [];
  const clock = options.clock ?? new ManualClock(Date.parse('2026-03-04T09:00:00Z'));
  const providers = [
    ...(doubles.openai ? [new OpenAiProvider({ apiKey: doubles.openai.apiKey, baseUrl: doubles.openai.baseUrl, ...(options.openAiMode && { structuredOutput: options.openAiMode }) })] : []),
    ...(doubles.anthropic ? [new AnthropicProvider({ apiKey: doubles.anthropic.apiKey, baseUrl: doubles.anthropic.baseUrl })] : []),
  ];
  const router = new LlmRouter({ providers, cloud: 'full', audit: { record: (call) => calls.push(call) }, random: () => 0.5, ...options, clock });
  return { router, calls, clock };
}

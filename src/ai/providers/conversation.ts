import type { StructuredRequest } from '../provider';

export interface PlainMessage {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * The turns of a structured request: the user's message, and for a correction the refused answer
 * (as plain text, which both APIs accept without a tool result to pair it with) and why it was refused.
 */
export function structuredTurns(request: StructuredRequest): PlainMessage[] {
  const turns: PlainMessage[] = [{ role: 'user', content: request.user }];
  if (request.correction) {
    turns.push(
      { role: 'assistant', content: request.correction.answer },
      { role: 'user', content: `That answer was refused: ${request.correction.problem}\nAnswer again with a corrected ${request.tool.name}, following the schema exactly.` },
    );
  }
  return turns;
}

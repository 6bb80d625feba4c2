import type { Redactor } from '../privacy/redactor';

export interface ChatInput {
  question: string;
  /** What the answer may rest on: agenda lines, event details, as the host renders them. */
  facts: readonly string[];
  names?: readonly string[];
}

export const CHAT_SYSTEM = [
  "You answer questions about the user's calendar in one to three short sentences, using only the calendar facts given.",
  'When the facts do not answer the question, say so.',
  'Placeholders such as [PERSON_1], [EMAIL_1] or [PHONE_1] stand for people, e-mail addresses and phone numbers: copy them unchanged.',
].join('\n');

/** The grounded chat prompt: the facts and the question, both filtered. */
export function chatPrompt(input: ChatInput, redactor: Redactor): string {
  const facts = input.facts.map((fact) => `- ${redactor.redact(fact).text}`).join('\n');
  return `Calendar facts:\n${facts || '- (none)'}\n\nQuestion: ${redactor.redact(input.question).text}`;
}

import { z } from 'zod';
import type { Redactor } from '../privacy/redactor';
import type { AiPurpose, JsonSchema, StructuredRequest } from '../provider';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * One kind of structured question to a cloud model: its prompt, the schema of its answer, and how
 * an answer is checked and brought back to the user's own words. Made per request, because the
 * prompt and the check share that request's redacted text.
 */
export interface StructuredTask<T> {
  purpose: AiPurpose;
  system: string;
  tool: StructuredRequest['tool'];
  maxTokens: number;
  /** People whose names must not leave the machine. */
  names: readonly string[];
  /** The message to send, built from what `redactor` lets out. */
  prompt(redactor: Redactor): string;
  /** The parsed answer, validated, with placeholders restored; a problem goes back to the model once. */
  accept(answer: unknown, redactor: Redactor): Checked<T>;
}

/** A schema's JSON Schema form, as the tool's input schema and the structured-output schema. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const json: Record<string, unknown> = z.toJSONSchema(schema, { target: 'draft-7' });
  // The draft marker means nothing to either API, and some OpenAI-compatible servers refuse it.
  delete json.$schema;
  return { ...json, type: 'object' };
}

/** Zod's issues as a few short lines the model can act on. */
export function describeProblems(error: z.ZodError): string {
  const lines = error.issues.slice(0, 6).map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`);
  return lines.join('; ') + (error.issues.length > 6 ? `; and ${error.issues.length - 6} more` : '');
}

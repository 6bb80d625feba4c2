import { DateTime } from 'luxon';
import { CommandSchema, type Command } from '../../nlu/command';
import type { RedactedText } from '../privacy/redactor';
import { anchorSpans } from './anchor-spans';
import { describeProblems, jsonSchemaOf, type StructuredTask } from './task';

export interface CommandTaskInput {
  text: string;
  now: Date;
  zone: string;
  /** People the words may name (attendees, names the local parser found): they leave as placeholders. */
  names?: readonly string[];
}

const COMMAND_TOOL = {
  name: 'calendar_command',
  description: 'The calendar command the user gave, as one structured Command.',
  schema: jsonSchemaOf(CommandSchema),
};

export const COMMAND_SYSTEM = [
  'You understand one spoken or typed calendar command and answer with exactly one Command object that follows the schema.',
  'Spans (slots, reference, subject) are character offsets into the transcript as given, end exclusive, and their text is copied from it exactly.',
  'Resolve times relative to the given now, in the given time zone; date-times carry their UTC offset.',
  'A slot role is "reference" when it describes the existing event the command acts on, "target" when it describes what is asked for.',
  'confidence is how sure you are, from 0 to 1; below 0.6 give a short clarification question.',
  'Placeholders such as [PERSON_1], [EMAIL_1] or [PHONE_1] stand for people, e-mail addresses and phone numbers: copy them unchanged.',
].join('\n');

/** Command understanding: the transcript goes out (filtered), a Command comes back in the user's own words. */
export function commandTask(input: CommandTaskInput): StructuredTask<Command> {
  let redacted: RedactedText | undefined;
  return {
    purpose: 'command',
    system: COMMAND_SYSTEM,
    tool: COMMAND_TOOL,
    maxTokens: 1_500,
    names: input.names ?? [],
    prompt(redactor) {
      redacted = redactor.redact(input.text);
      const now = DateTime.fromJSDate(input.now, { zone: input.zone });
      return `Now: ${now.toISO()} (${input.zone}, ${now.toFormat('cccc')})\nTranscript: ${redacted.text}`;
    },
    accept(answer, redactor) {
      const parsed = CommandSchema.safeParse(answer);
      if (!parsed.success) return { ok: false, problem: describeProblems(parsed.error) };
      const anchored = anchorSpans(parsed.data, input.text, redacted!, redactor);
      if (!anchored.ok) return anchored;
      // The anchored Command is checked again: restoring names must not have broken it.
      const checked = CommandSchema.safeParse(anchored.value);
      return checked.success ? { ok: true, value: checked.data } : { ok: false, problem: describeProblems(checked.error) };
    },
  };
}

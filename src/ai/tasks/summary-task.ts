import { z } from 'zod';
import { describeProblems, jsonSchemaOf, type StructuredTask } from './task';

export const MeetingSummarySchema = z.object({
  summary: z.string().min(1),
  actionItems: z.array(
    z.object({
      text: z.string().min(1),
      /** Who said they would do it, as named in the notes. */
      owner: z.string().optional(),
      /** When it is due, as said ("friday", "2026-03-06"). */
      due: z.string().optional(),
    }),
  ),
});
export type MeetingSummary = z.infer<typeof MeetingSummarySchema>;

export interface SummaryTaskInput {
  title: string;
  notes: string;
  names?: readonly string[];
}

const SUMMARY_TOOL = {
  name: 'meeting_summary',
  description: 'A short summary of the meeting and its action items.',
  schema: jsonSchemaOf(MeetingSummarySchema),
};

export const SUMMARY_SYSTEM = [
  'You summarise meeting notes in two or three sentences and list the action items, each with its owner and due date when the notes say them.',
  'Placeholders such as [PERSON_1], [EMAIL_1] or [PHONE_1] stand for people, e-mail addresses and phone numbers: copy them unchanged.',
].join('\n');

/** A meeting's notes (calendar context, so only with `cloud: full`) -> summary and action items. */
export function summaryTask(input: SummaryTaskInput): StructuredTask<MeetingSummary> {
  return {
    purpose: 'summary',
    system: SUMMARY_SYSTEM,
    tool: SUMMARY_TOOL,
    maxTokens: 1_000,
    names: input.names ?? [],
    prompt: (redactor) => `Meeting: ${redactor.redact(input.title).text}\nNotes:\n${redactor.redact(input.notes).text}`,
    accept(answer, redactor) {
      const parsed = MeetingSummarySchema.safeParse(answer);
      return parsed.success ? { ok: true, value: redactor.restoreDeep(parsed.data) } : { ok: false, problem: describeProblems(parsed.error) };
    },
  };
}

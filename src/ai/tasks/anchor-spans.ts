import type { Command } from '../../nlu/command';
import { originalOffset, type RedactedText, type Redactor } from '../privacy/redactor';
import type { Checked } from './task';

interface Span {
  start: number;
  end: number;
  text: string;
}

/**
 * Puts a cloud Command's spans back onto the words the user said. The model saw the redacted
 * transcript, and models miscount characters, so each span is found by its text: at the offsets
 * given (mapped through the placeholders), else at the nearest place the same words occur. A span
 * whose words are not in the transcript at all is a problem the model is asked to fix.
 */
export function anchorSpans(command: Command, original: string, redacted: RedactedText, redactor: Redactor): Checked<Command> {
  const problems: string[] = [];
  const place = <S extends Span>(span: S, where: string): S => {
    const restored = redactor.restoreDeep(span);
    const wanted = restored.text;
    const start = originalOffset(redacted, span.start, 'start');
    const end = originalOffset(redacted, span.end, 'end');
    if (wanted.length > 0 && original.slice(start, end) === wanted) return { ...restored, start, end };
    const found = nearestOccurrence(original, wanted, start);
    if (found === undefined) {
      problems.push(`${where}: "${span.text}" does not occur in the transcript; a span's text must be copied from it`);
      return span;
    }
    return { ...restored, start: found, end: found + wanted.length, text: original.slice(found, found + wanted.length) };
  };
  const slots = command.slots.map((slot, k) => place(slot, `slots.${k}`));
  const reference = command.reference && place(command.reference, 'reference');
  const subject = command.subject && place(command.subject, 'subject');
  if (problems.length > 0) return { ok: false, problem: problems.join('; ') };
  return { ok: true, value: { ...redactor.restoreDeep(command), text: original, slots, ...(reference && { reference }), ...(subject && { subject }) } };
}

function nearestOccurrence(text: string, wanted: string, near: number): number | undefined {
  if (wanted.trim().length === 0) return undefined;
  const haystack = text.toLowerCase();
  const needle = wanted.toLowerCase();
  let best: number | undefined;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    if (best === undefined || Math.abs(at - near) < Math.abs(best - near)) best = at;
  }
  return best;
}

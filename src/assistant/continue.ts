import { instantToLocal, localToInstant } from '../domain/time';
import type { Command } from '../nlu/command';
import { readShortReply, scopeMentioned } from './follow-up';
import type { Candidate, Pending } from './plan';
import { describedEvent, readCommand, type ReferenceQuery, type Request, type TargetTime } from './request';
import { GENERIC_WORDS, normalizeWord, titleWordSet } from './title-words';


/** What an utterance does to the open question. */
export type Continuation =
  | { kind: 'dismiss' }
  /** It answers nothing that was asked: ask again. */
  | { kind: 'reask' }
  /** It completes the pending command: plan it again with what is now known. */
  | { kind: 'resume'; request: Request; target?: Candidate }
  /** It is a command of its own; the question is dropped. */
  | { kind: 'new' };

const AMENDMENT_CUES = /\b(instead|how about|what about|make it|actually|rather|change it to)\b/;

/**
 * Reads an utterance against the question it may answer: yes/no, "the second one", "just this
 * one" / "all of them", a correction of the time ("make it four pm instead"), the event or the
 * part that was missing. Anything else is a new command.
 */
export function continueConversation(pending: Pending, command: Command, zone: string): Continuation {
  const reply = readShortReply(command.text);
  if (reply.kind === 'no') return { kind: 'dismiss' };
  const request = pending.request;
  const target = pending.target;
  const resume = (next: Request, chosen = target): Continuation => ({ kind: 'resume', request: next, ...(chosen && { target: chosen }) });
  const amended = amendment(command, request, zone, pending.stage === 'fill' && pending.missing === 'when');

  switch (pending.stage) {
    case 'confirm-intent':
      if (reply.kind === 'yes') return resume({ ...request, confirmed: true });
      if (amended) return resume({ ...request, ...amended, confirmed: true });
      break;
    case 'fill': {
      const filled = fill(pending, command, zone, amended);
      if (filled) return resume({ ...request, ...filled, confirmed: true });
      if (reply.kind === 'yes') return { kind: 'reask' };
      break;
    }
    case 'which': {
      const candidates = pending.candidates ?? [];
      if (reply.kind === 'pick') {
        const chosen = candidates.at(reply.index);
        return chosen ? resume(oneInstance(request, candidates), chosen) : { kind: 'reask' };
      }
      const described = describedEvent(command, zone);
      const matching = described ? candidates.filter((candidate) => fits(candidate, described, zone)) : [];
      if (matching.length === 1) return resume(oneInstance(request, candidates), matching[0]);
      if (reply.kind === 'yes' || matching.length > 1) return { kind: 'reask' };
      break;
    }
    case 'scope': {
      const scope = reply.kind === 'scope' ? reply.scope : scopeMentioned(command.text);
      if (scope) return resume({ ...request, scope });
      if (reply.kind === 'yes') return { kind: 'reask' };
      break;
    }
    case 'conflict': {
      if (reply.kind === 'yes') return resume({ ...request, overlapAccepted: true });
      const slot = reply.kind === 'pick' ? pending.alternatives?.at(reply.index) : undefined;
      if (slot) return resume({ ...request, target: exactly(slot.start, slot.end) });
      if (amended) return resume({ ...request, ...amended });
      break;
    }
  }
  return reply.kind === 'no-but' ? { kind: 'dismiss' } : { kind: 'new' };
}

/**
 * "make it four pm instead", "friday at ten": a new time (and length) for the pending command. A
 * bare clock time keeps the day the command already had ("friday at two" -> "four pm": Friday).
 */
function amendment(command: Command, request: Request, zone: string, anyWhen: boolean): Partial<Request> | undefined {
  if (!command.when || command.reference || command.subject) return undefined;
  const plain = command.intent === 'create_event' || command.intent === 'unknown' || AMENDMENT_CUES.test(command.text.toLowerCase());
  if (!plain && !anyWhen) return undefined;
  const read = readCommand(command, zone);
  const target = read.target && request.target?.hasDate && !read.target.hasDate ? onDayOf(read.target, request.target, zone) : read.target;
  return { ...(target && { target }), ...(read.duration && { duration: read.duration }) };
}

function onDayOf(time: TargetTime, day: TargetTime, zone: string): TargetTime {
  const date = instantToLocal(Date.parse(day.when.start), zone).slice(0, 10);
  const clock = instantToLocal(Date.parse(time.when.start), zone).slice(11, 19);
  const start = localToInstant(`${date}T${clock}`, zone);
  const end = time.when.end === undefined ? undefined : start + Date.parse(time.when.end) - Date.parse(time.when.start);
  return { ...time, hasDate: true, when: { ...time.when, start: new Date(start).toISOString(), ...(end !== undefined && { end: new Date(end).toISOString() }) } };
}

function fill(pending: Pending, command: Command, zone: string, amended: Partial<Request> | undefined): Partial<Request> | undefined {
  const read = readCommand(command, zone);
  switch (pending.missing) {
    case 'when':
      return amended;
    case 'reference': {
      const reference = describedEvent(command, zone);
      return reference && { reference };
    }
    case 'duration':
      return read.duration && { duration: read.duration };
    case 'attendees':
      return read.attendees.length > 0 ? { attendees: read.attendees } : undefined;
    default:
      return undefined;
  }
}

/** Picking one of several instances of a series is picking that instance, not the series. */
function oneInstance(request: Request, candidates: readonly Candidate[]): Request {
  const series = candidates[0]?.seriesId;
  const sameSeries = series !== undefined && candidates.every((candidate) => candidate.seriesId === series);
  return sameSeries && !request.scope ? { ...request, scope: 'instance' } : request;
}

/** Whether a candidate is the one a reply describes: every part said must fit. */
function fits(candidate: Candidate, described: ReferenceQuery, zone: string): boolean {
  const specific = described.titleWords.map(normalizeWord).filter((word) => word && !GENERIC_WORDS.has(word));
  if (specific.length > 0) {
    const title = titleWordSet(candidate.title);
    if (!specific.every((word) => title.has(word))) return false;
  }
  if (described.attendees.length > 0 && !described.attendees.every((name) => titleWordSet(candidate.title).has(normalizeWord(name)))) return false;
  if (described.window && !(candidate.startsAt < described.window.end && candidate.endsAt > described.window.start)) return false;
  if (described.time !== undefined && instantToLocal(candidate.startsAt, zone).slice(11, 16) !== described.time) return false;
  return true;
}

function exactly(start: number, end: number): Request['target'] {
  const iso = (instant: number) => new Date(instant).toISOString();
  return { when: { start: iso(start), end: iso(end), allDay: false, grain: 'minute' }, hasDate: true, hasTime: true, before: false };
}

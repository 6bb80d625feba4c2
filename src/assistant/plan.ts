import type { EventTime } from '../domain/event';
import type { TimeRange } from '../domain/ranges';
import type { Intent } from '../nlu/command';
import type { MutationIntent } from '../sync/mutations';
import type { Request, Scope } from './request';

/** One occurrence on the calendar, as the assistant names it in questions and answers. */
export interface Occurrence {
  /** The stored event holding this occurrence: a single event, a series master, or an exception. */
  eventId: string;
  /** The series it belongs to (the master's id), for an instance of a recurring event. */
  seriesId?: string;
  /** Which instance of its series this is (RECURRENCE-ID); its own start when single. */
  originalStart: string;
  title: string;
  start: EventTime;
  end: EventTime;
  startsAt: number;
  endsAt: number;
  allDay: boolean;
  location?: string;
}

/** An occurrence the words may mean, with how well it matched. */
export interface Candidate extends Occurrence {
  score: number;
}

export type ChangeAction = 'created' | 'reminded' | 'blocked' | 'moved' | 'resized' | 'cancelled' | 'renamed' | 'relocated' | 'invited' | 'uninvited';

/** Mutations ready to apply, and what they leave on the calendar. */
export interface ChangePlan {
  kind: 'change';
  intent: Intent;
  action: ChangeAction;
  /** The HUD sentence; also the undo journal's label, so "Undid: ..." names the same change. */
  label: string;
  mutations: MutationIntent[];
  /** The occurrence as it is after the change (before it, for a cancellation). */
  result: Occurrence;
  /** The title it had before a rename. */
  previousTitle?: string;
  scope?: Scope;
  /** The RRULE of a new recurring event. */
  rule?: string;
  /** The people invited or removed. */
  people?: string[];
  /** Busy occurrences the change would overlap. */
  conflicts: Occurrence[];
  /** The nearest free slots of the same length, offered instead of a double booking. */
  alternatives: TimeRange[];
}

export interface AgendaAnswer {
  type: 'agenda';
  window: TimeRange;
  entries: Occurrence[];
}

export interface EventAnswer {
  type: 'events';
  entries: Occurrence[];
}

export interface FreeTimeAnswer {
  type: 'free';
  window: TimeRange;
  minutes: number;
  free: TimeRange[];
}

export type Answer = AgendaAnswer | EventAnswer | FreeTimeAnswer;

/** What a clarifying question waits for, and everything needed to finish once it comes. */
export interface Pending {
  stage: 'confirm-intent' | 'fill' | 'which' | 'scope' | 'conflict';
  question: string;
  spoken: string;
  request: Request;
  /** For `fill`: the part the command lacked. */
  missing?: 'when' | 'reference' | 'duration' | 'attendees';
  /** The event already chosen (for `scope` and `conflict`). */
  target?: Candidate;
  /** For `which`: the events the words may mean, in the order the question lists them. */
  candidates?: Candidate[];
  /** For `conflict`: free slots offered instead. */
  alternatives?: TimeRange[];
}

export type Plan =
  | ChangePlan
  | { kind: 'answer'; intent: Intent; answer: Answer }
  | { kind: 'ask'; intent: Intent; question: string; spoken: string; pending: Pending; conflicts?: Occurrence[] }
  | { kind: 'undo' }
  | { kind: 'nothing'; intent: Intent; reason: 'not-found' | 'not-possible' | 'no-change' | 'no-slot' | 'dismissed' | 'unclear'; message: string };

export type NothingPlan = Extract<Plan, { kind: 'nothing' }>;

export function nothing(intent: Intent, reason: NothingPlan['reason'], message: string): NothingPlan {
  return { kind: 'nothing', intent, reason, message };
}

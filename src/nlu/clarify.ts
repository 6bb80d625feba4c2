import { CONFIDENCE_THRESHOLD, type EventReference, type Intent, type Slot } from './command';
import type { IntentGuess } from './intent';

interface Evidence {
  readonly hasWhen: boolean;
  readonly hasShift: boolean;
  readonly reference: EventReference | undefined;
  readonly slots: readonly Slot[];
}

/** Below the threshold: a command that lacks what it needs is a question, not an action. */
const MISSING_PART = 0.5;

/**
 * How sure the parser is, once it knows what the command lacks, and the short question that
 * would fill the gap: "When should I move it to?", "Which event do you mean?".
 */
export function clarificationFor(guess: IntentGuess, evidence: Evidence): { confidence: number; clarification?: string } {
  const has = (type: Slot['type'], role?: Slot['role']): boolean => evidence.slots.some((s) => s.type === type && (role === undefined || s.role === role));
  const missing = (question: string) => ({ confidence: Math.min(guess.confidence, MISSING_PART), clarification: question });
  const noReference = evidence.reference === undefined;
  switch (guess.intent) {
    case 'move_event':
      if (noReference) return missing('Which event should I move?');
      if (!evidence.hasWhen && !evidence.hasShift) return missing('When should I move it to?');
      break;
    case 'change_duration':
      if (noReference) return missing('Which event should I change?');
      if (!has('duration')) return missing('How long should it be?');
      break;
    case 'cancel_event':
    case 'update_event':
    case 'query_event':
      if (noReference) return missing('Which event do you mean?');
      break;
    case 'add_attendees':
    case 'remove_attendees':
      if (!has('attendee')) return missing(guess.intent === 'add_attendees' ? 'Who should I invite?' : 'Who should I remove?');
      if (noReference) return missing('Which event do you mean?');
      break;
    case 'create_event':
    case 'block_focus_time':
      if (!evidence.hasWhen) return missing('When should it be?');
      break;
    case 'create_reminder':
      if (!evidence.hasWhen && !has('reminder_offset')) return missing('When should I remind you?');
      break;
    default:
      break;
  }
  return { confidence: guess.confidence, ...(guess.confidence < CONFIDENCE_THRESHOLD ? { clarification: CONFIRMATIONS[guess.intent] } : {}) };
}

/** The yes/no question that confirms a guessed intent. */
const CONFIRMATIONS: Readonly<Record<Intent, string>> = {
  create_event: 'Should I add this to your calendar?',
  create_reminder: 'Should I set a reminder?',
  move_event: 'Should I move that event?',
  change_duration: 'Should I change how long it lasts?',
  cancel_event: 'Should I cancel that event?',
  update_event: 'Should I change that event?',
  add_attendees: 'Should I invite them?',
  remove_attendees: 'Should I take them off the invitation?',
  query_agenda: 'Do you want to see your schedule?',
  query_event: 'Do you want the details of that event?',
  find_free_time: 'Do you want me to find free time?',
  block_focus_time: 'Should I block that time?',
  undo: 'Should I undo the last change?',
  unknown: 'Sorry, what should I do: add, move, cancel or look up an event?',
};

import { describe, expect, it } from 'vitest';
import { CommandSchema, CONFIDENCE_THRESHOLD, type Command, type Slot } from './command';
import { parseCommand } from './parse';

// Wednesday 2026-03-04, 09:00 in New York.
const now = new Date('2026-03-04T14:00:00Z');
const zone = 'America/New_York';

function parse(text: string): Command {
  const command = parseCommand(text, { now, zone });
  expect(CommandSchema.safeParse(command).success).toBe(true);
  for (const slot of command.slots) expect(text.slice(slot.start, slot.end)).toBe(slot.text);
  return command;
}

function slot(command: Command, type: Slot['type'], text: string): Slot {
  const found = command.slots.find((s) => s.type === type && s.text === text);
  if (!found) throw new Error(`no ${type} "${text}" in ${JSON.stringify(command.slots.map((s) => `${s.type}:${s.text}`))}`);
  return found;
}

describe('parseCommand intents', () => {
  const cases: [string, Command['intent']][] = [
    ['add lunch with priya tomorrow at noon', 'create_event'],
    ['schedule a meeting with my boss on friday at 3 pm', 'create_event'],
    ['remind me to call mom ten minutes before the standup', 'create_reminder'],
    ['uh please move my three pm with dana to thursday morning', 'move_event'],
    ['extend the design review by thirty minutes', 'change_duration'],
    ['cancel the dentist', 'cancel_event'],
    ['rename the standup to daily sync', 'update_event'],
    ['invite sarah to the budget meeting', 'add_attendees'],
    ['remove tom from the planning meeting', 'remove_attendees'],
    ["what's on tomorrow", 'query_agenda'],
    ['when is my dentist appointment', 'query_event'],
    ['am i free friday afternoon', 'find_free_time'],
    ['block two hours of deep work before friday', 'block_focus_time'],
    ['undo that', 'undo'],
  ];
  it.each(cases)('%s -> %s', (text, intent) => {
    expect(parse(text).intent).toBe(intent);
  });
});

describe('slots and spans', () => {
  it('reads a move: what the event was and where it goes', () => {
    const command = parse('uh please move my three pm with dana to thursday morning');
    expect(slot(command, 'time', 'three pm')).toMatchObject({ role: 'reference', value: { kind: 'time', time: '15:00' } });
    expect(slot(command, 'attendee', 'dana')).toMatchObject({ role: 'reference', value: { attendee: 'person', name: 'dana' } });
    expect(slot(command, 'date', 'thursday')).toMatchObject({ role: 'target', value: { start: '2026-03-05', grain: 'day' } });
    expect(slot(command, 'time_of_day', 'morning').role).toBe('target');
    expect(command.reference).toMatchObject({ text: 'three pm with dana', attendees: ['dana'] });
    expect(command.when).toMatchObject({ start: '2026-03-05T04:00:00-05:00', end: '2026-03-05T12:00:00-05:00', allDay: false });
  });

  it('keeps spans exact in typed, cased, punctuated text with fillers', () => {
    const text = 'Hey Tempo, um, move my 3pm with Dana to Thursday morning.';
    const command = parse(text);
    expect(command.intent).toBe('move_event');
    expect(slot(command, 'time', '3pm').start).toBe(text.indexOf('3pm'));
    expect(slot(command, 'attendee', 'Dana').start).toBe(text.indexOf('Dana'));
    expect(slot(command, 'date', 'Thursday').start).toBe(text.indexOf('Thursday'));
    expect(command.slots.some((s) => /tempo|um/i.test(s.text))).toBe(false);
  });

  it('maps spoken numbers back to the words that were said', () => {
    const text = 'okay so remind me on the twenty first of march two thousand and seventeen at five thirty pm';
    const command = parse(text);
    expect(slot(command, 'date', 'the twenty first of march two thousand and seventeen').value).toMatchObject({ start: '2017-03-21' });
    expect(slot(command, 'time', 'five thirty pm').value).toMatchObject({ time: '17:30' });
  });

  it('reads a reminder offset and the event it counts from', () => {
    const command = parse('remind me to call mom ten minutes before the standup');
    expect(slot(command, 'reminder_offset', 'ten minutes before').value).toEqual({ kind: 'reminder_offset', minutes: 10, direction: 'before' });
    expect(slot(command, 'attendee', 'mom').value).toMatchObject({ attendee: 'relation' });
    expect(command.subject?.text).toBe('call mom');
    expect(command.reference?.titleWords).toEqual(['standup']);
  });

  it('reads recurrences, durations and places', () => {
    const recurring = parse('add yoga every other tuesday at 7 am at the community center');
    expect(slot(recurring, 'recurrence', 'every other tuesday').value).toEqual({ kind: 'recurrence', rrule: 'FREQ=WEEKLY;BYDAY=TU;INTERVAL=2' });
    expect(slot(recurring, 'event_title', 'yoga')).toBeDefined();
    expect(slot(recurring, 'location', 'community center')).toBeDefined();
    const block = parse('block two hours of deep work before friday');
    expect(slot(block, 'duration', 'two hours').value).toEqual({ kind: 'duration', minutes: 120 });
    expect(slot(block, 'event_title', 'deep work')).toBeDefined();
  });

  it('names the event a cancel refers to', () => {
    const command = parse("cancel tomorrow's lunch with the cfo");
    expect(command.intent).toBe('cancel_event');
    expect(slot(command, 'meal', 'lunch').value).toEqual({ kind: 'meal', meal: 'lunch' });
    expect(slot(command, 'attendee', 'the cfo').value).toMatchObject({ attendee: 'relation' });
    expect(command.reference).toMatchObject({ titleWords: ['lunch'], attendees: ['the cfo'] });
    expect(command.reference?.when).toMatchObject({ start: '2026-03-05T00:00:00-05:00', allDay: true });
  });

  it('reads events known by name, and what lies around them', () => {
    const holiday = parse("add mother's day brunch with mom at dr lopez's office");
    expect(slot(holiday, 'event_title', "mother's day").value).toEqual({ kind: 'event_title', title: "mother's day" });
    expect(slot(holiday, 'meal', 'brunch')).toBeDefined();
    expect(slot(holiday, 'attendee', "dr lopez's").value).toMatchObject({ attendee: 'relation' });
    expect(slot(holiday, 'location', 'office')).toBeDefined();
    const monthly = parse('remind me to pay rent on the fifteenth of every month');
    expect(slot(monthly, 'recurrence', 'fifteenth of every month').value).toEqual({ kind: 'recurrence', rrule: 'FREQ=MONTHLY;BYMONTHDAY=15' });
    expect(monthly.when).toMatchObject({ start: '2026-03-15T00:00:00-04:00', allDay: true });
  });

  it('finds names the lexicon lacks where only a person fits', () => {
    const command = parse('when is my friend xiaoming flying to denver');
    expect(slot(command, 'attendee', 'xiaoming').value).toMatchObject({ attendee: 'person', name: 'xiaoming' });
    expect(slot(command, 'location', 'denver')).toBeDefined();
  });

  it('keeps "may" the verb apart from May the month', () => {
    const command = parse('remind me to take my umbrella because it may rain on may fifth');
    expect(command.slots.filter((s) => s.type === 'date').map((s) => s.text)).toEqual(['may fifth']);
  });
});

describe('confidence and clarification', () => {
  it('is sure of complete commands and asks nothing', () => {
    const command = parse('schedule a meeting with my boss on friday at 3 pm');
    expect(command.confidence).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
    expect(command.clarification).toBeUndefined();
  });

  it.each([
    ['move the standup', 'When should I move it to?'],
    ['schedule a meeting with my colleague', 'When should it be?'],
    ['reschedule to friday', 'Which event should I move?'],
  ])('asks when a command lacks a part: %s', (text, question) => {
    const command = parse(text);
    expect(command.confidence).toBeLessThan(CONFIDENCE_THRESHOLD);
    expect(command.clarification).toBe(question);
  });

  it('asks before acting on a bare name', () => {
    const command = parse('purple elephants tomorrow at 3');
    expect(command.intent).toBe('create_event');
    expect(command.confidence).toBeLessThan(CONFIDENCE_THRESHOLD);
    expect(command.clarification).toBe('Should I add this to your calendar?');
  });

  it('asks what to do when it cannot tell', () => {
    const command = parse('hmm okay');
    expect(command.intent).toBe('unknown');
    expect(command.confidence).toBeLessThan(CONFIDENCE_THRESHOLD);
    expect(command.clarification).toMatch(/what should I do/);
  });
});

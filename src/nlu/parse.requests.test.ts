import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { CommandSchema, CONFIDENCE_THRESHOLD, type Command, type Slot } from './command';
import { parseCommand } from './parse';

/**
 * Requests about events that exist and about free time, as the assistant reads them: lengths,
 * shifts, people on an event, event questions, new names, and a `when` that agrees with its
 * slots. Each rule is checked on the sentence that showed the problem and on others like it.
 */

// Wednesday 2026-03-04, 09:00 in New York.
const now = new Date('2026-03-04T14:00:00Z');
const zone = 'America/New_York';

function parse(text: string, at: Date = now, tz: string = zone): Command {
  const command = parseCommand(text, { now: at, zone: tz });
  expect(CommandSchema.safeParse(command).success).toBe(true);
  for (const slot of command.slots) expect(text.slice(slot.start, slot.end)).toBe(slot.text);
  return command;
}

function slot(command: Command, type: Slot['type'], text: string): Slot {
  const found = command.slots.find((s) => s.type === type && s.text === text);
  if (!found) throw new Error(`no ${type} "${text}" in ${JSON.stringify(command.slots.map((s) => `${s.type}:${s.text}`))}`);
  return found;
}

describe('a new length for an event that exists', () => {
  it.each([
    ['make the design review an hour long', 'an hour', 60, ['design', 'review']],
    ['make the standup fifteen minutes', 'fifteen minutes', 15, ['standup']],
    ["set tomorrow's planning meeting to two hours", 'two hours', 120, ['planning', 'meeting']],
  ])('%s', (text, length, minutes, titleWords) => {
    const command = parse(text);
    expect(command.intent).toBe('change_duration');
    expect(command.confidence).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
    expect(slot(command, 'duration', length)).toMatchObject({ role: 'target', value: { kind: 'duration', minutes } });
    expect(command.reference?.titleWords).toEqual(titleWords);
  });

  it('still creates with an article or a length after "for", and leaves timers to reminders', () => {
    expect(parse('make a meeting for an hour tomorrow').intent).toBe('create_event');
    expect(parse('make the booking for two hours on friday').intent).toBe('create_event');
    expect(parse('set a timer for ten minutes').intent).toBe('create_reminder');
  });
});

describe('free time of a length', () => {
  it.each([
    ['find me thirty minutes tomorrow afternoon', 30],
    ['do i have time for a one hour meeting on thursday', 60],
    ['is there any time for a forty five minute call on friday', 45],
    ['find a free hour on thursday', 60],
    ['find half an hour tomorrow', 30],
    ['look for two spare hours next week', 120],
  ])('%s', (text, minutes) => {
    const command = parse(text);
    expect(command.intent).toBe('find_free_time');
    expect(command.slots.find((s) => s.type === 'duration')?.value).toEqual({ kind: 'duration', minutes });
  });

  it('keeps agenda questions apart', () => {
    expect(parse('what time is my meeting tomorrow').intent).toBe('query_event');
    expect(parse('find my meetings for tomorrow').intent).toBe('query_agenda');
  });
});

describe('questions about one event', () => {
  it('reads "what\'s my next meeting with sam" as that event, the next one', () => {
    const command = parse("what's my next meeting with sam");
    expect(command.intent).toBe('query_event');
    expect(command.reference).toMatchObject({ titleWords: ['meeting'], attendees: ['sam'], ordinal: 'next' });
  });

  it('reads a meal as the event asked about', () => {
    const command = parse('when is lunch with priya');
    expect(command.intent).toBe('query_event');
    expect(command.reference).toMatchObject({ titleWords: ['lunch'], attendees: ['priya'] });
    expect(parse("where's dinner on friday").reference).toMatchObject({ titleWords: ['dinner'] });
  });

  it('reads a plural as the agenda', () => {
    expect(parse('what meetings do i have tomorrow').intent).toBe('query_agenda');
    expect(parse('when are the appointments this week').intent).toBe('query_agenda');
  });
});

describe('people added to or taken off an event', () => {
  it('adds someone to an event named by its time', () => {
    const command = parse('add sam to my three pm');
    expect(command.intent).toBe('add_attendees');
    expect(slot(command, 'attendee', 'sam').role).toBe('target');
    expect(slot(command, 'time', 'three pm').role).toBe('reference');
    expect(command.reference?.when?.start).toBe('2026-03-04T15:00:00-05:00');
    expect(parse('add priya to the design review').intent).toBe('add_attendees');
  });

  it('leaves "add ___ to my calendar" alone', () => {
    expect(parse('add dana to my calendar').intent).not.toBe('add_attendees');
  });

  it.each([
    ['take dana off the design sync', 'dana', ['design', 'sync']],
    ['kick sam out of the standup', 'sam', ['standup']],
    ['drop priya off the budget review', 'priya', ['budget', 'review']],
  ])('%s', (text, person, titleWords) => {
    const command = parse(text);
    expect(command.intent).toBe('remove_attendees');
    expect(command.confidence).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
    expect(slot(command, 'attendee', person).role).toBe('target');
    expect(command.reference?.titleWords).toEqual(titleWords);
  });
});

describe('moves by an amount', () => {
  it.each([
    ["push my ten o'clock back an hour", 'an hour', 60, "ten o'clock"],
    ['move the design sync an hour later', 'an hour', 60, 'design sync'],
    ['delay the standup by fifteen minutes', 'fifteen minutes', 15, 'standup'],
    ['push out the offsite two days', 'two days', 2_880, 'offsite'],
    ['bring the design review forward a day', 'a day', -1_440, 'design review'],
    ['move my three pm up by half an hour', 'half an hour', -30, 'three pm'],
    ['move the standup ten minutes earlier', 'ten minutes', -10, 'standup'],
  ])('%s', (text, amount, minutes, reference) => {
    const command = parse(text);
    expect(command.intent).toBe('move_event');
    expect(command.confidence).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
    expect(command.shift).toEqual({ minutes });
    expect(slot(command, 'duration', amount).role).toBe('target');
    expect(command.reference?.text).toBe(reference);
    expect(command.when).toBeUndefined();
  });

  it('keeps a move to a time, and a length after "for", free of shifts', () => {
    expect(parse('push the standup back to ten thirty').shift).toBeUndefined();
    const forAnHour = parse('move the standup for an hour');
    expect(forAnHour.shift).toBeUndefined();
    expect(forAnHour.clarification).toBe('When should I move it to?');
  });
});

describe('a clock time said without am or pm', () => {
  it.each([
    ['add lunch with priya on wednesday at twelve thirty', '12:30', '2026-03-04T12:30:00-05:00'],
    ['book dinner with sam on friday at seven', '19:00', '2026-03-06T19:00:00-05:00'],
    ['add breakfast with mom tomorrow at six thirty', '06:30', '2026-03-05T06:30:00-05:00'],
    ['schedule a meeting with dana on thursday at three', '15:00', '2026-03-05T15:00:00-05:00'],
  ])('%s', (text, time, start) => {
    const command = parse(text);
    expect(command.slots.find((s) => s.type === 'time')?.value).toEqual({ kind: 'time', time });
    expect(command.when?.start).toBe(start);
  });

  it('is a time after the "to" of a move', () => {
    expect(slot(parse('move all the standups to ten'), 'time', 'ten')).toMatchObject({ role: 'target', value: { time: '10:00' } });
    expect(parse('push the review to 2 on friday').when?.start).toBe('2026-03-06T14:00:00-05:00');
    expect(parse('change my one on one with dana to nine tomorrow').when?.start).toBe('2026-03-05T09:00:00-05:00');
  });

  it('is a count, not a time, before a noun or without a move', () => {
    expect(parse('move the party to 5 people').slots.some((s) => s.type === 'time')).toBe(false);
    expect(parse('invite dana to 3 meetings').slots.some((s) => s.type === 'time')).toBe(false);
  });
});

describe('the window agrees with the slots it comes from', () => {
  // Monday 2026-03-23, 08:30 in Berlin: "next tuesday" is the 31st to the slots, the 24th to the time resolver.
  const monday = new Date('2026-03-23T07:30:00Z');
  it.each([
    'move the offsite to next tuesday',
    'the one on friday',
    'add a meeting with caroline next thursday at eleven thirty am',
    'add lunch with priya on wednesday at twelve thirty',
    'set up a call with the board tomorrow at three',
    'remind me a week from today at five to call the bank',
    'add vacation from thursday to friday',
    'meeting from two to four pm tomorrow',
  ])('%s', (text) => {
    const command = parse(text, monday, 'Europe/Berlin');
    const when = command.when;
    expect(when).toBeDefined();
    const start = DateTime.fromISO(when!.start, { zone: 'Europe/Berlin' });
    const end = when!.end === undefined ? start : DateTime.fromISO(when!.end, { zone: 'Europe/Berlin' }).minus({ milliseconds: 1 });
    for (const s of command.slots) {
      if (s.value?.kind === 'date') {
        expect(start.toISODate()! < s.value.end && end.toISODate()! >= s.value.start).toBe(true);
      }
      if (s.value?.kind === 'time' && s.value.dateTime === undefined) {
        expect([start.toFormat('HH:mm'), DateTime.fromISO(when!.end ?? when!.start, { zone: 'Europe/Berlin' }).toFormat('HH:mm')]).toContain(s.value.time);
      }
    }
  });

  it('places the examples on the days and times their slots say', () => {
    expect(parse('move the offsite to next tuesday', monday, 'Europe/Berlin').when?.start).toBe('2026-03-31T00:00:00+02:00');
    expect(parse('the one on friday', monday, 'Europe/Berlin').when?.start).toBe('2026-03-27T00:00:00+01:00');
    expect(parse('remind me a week from today at five to call the bank', monday, 'Europe/Berlin').when?.start).toBe('2026-03-30T17:00:00+02:00');
  });
});

describe('a new name', () => {
  it.each([
    ['rename the standup on thursday to sprint check in', 'sprint check in', ['standup']],
    ['rename the standup to daily sync on thursday', 'daily sync', ['standup']],
    ['rename lunch with priya to team lunch', 'team lunch', ['lunch']],
    ['relabel my three pm as coffee with ana', 'coffee with ana', []],
    ['change the name of the design review to crit at ten', 'crit', ['design', 'review']],
  ])('%s', (text, name, titleWords) => {
    const command = parse(text);
    expect(command.intent).toBe('update_event');
    expect(slot(command, 'event_title', name)).toMatchObject({ role: 'target', value: { kind: 'event_title', title: name } });
    expect(command.reference?.titleWords).toEqual(titleWords);
  });
});

describe('an event named by a verb in -ing', () => {
  it.each([
    ["move next monday's planning to two pm", ['planning']],
    ['cancel the booking', ['booking']],
    ["when is sam's reading", ['reading']],
  ])('%s', (text, titleWords) => {
    expect(parse(text).reference?.titleWords).toEqual(titleWords);
  });

  it('keeps "-ing" verbs and descriptions out of titles', () => {
    const titles = (text: string) => parse(text).slots.filter((s) => s.type === 'event_title').map((s) => s.text);
    expect(titles("what's going on on the 4th")).toEqual([]);
    expect(titles('when do i have an opening')).toEqual([]);
    expect(titles('add a repeating event every day at eight am')).toEqual([]);
  });
});

describe('a venue known by a number or a letter', () => {
  it.each([
    ['change the location of the design review to room four', 'room four'],
    ['meet dana in building 12 at noon', 'building 12'],
    ['hold the retro in lab 3 on friday', 'lab 3'],
  ])('%s', (text, place) => {
    expect(slot(parse(text), 'location', place).value).toEqual({ kind: 'location', name: place });
  });
});

import { describe, expect, it } from 'vitest';
import { at, invited } from './testing/seeded-week';
import { useWeek } from './testing/use-week';

/** The seeded week is Monday 23 March 2026, 08:30 in Berlin; clocks go forward on Sunday 29 March. */
const week = useWeek();

const newEvent = (fields: Record<string, unknown>) => ({ calendarId: 'personal', attendees: [], status: 'confirmed', transparency: 'opaque', ...fields });

describe('creating events', () => {
  it('adds a meeting of the default length at the time said', async () => {
    const w = week();
    const turn = await w.say('schedule a meeting with dana tomorrow at eleven am');
    expect(turn).toMatchObject({ outcome: 'applied', reply: "Added 'Meeting with Dana' Tue 11:00–11:30", spoken: 'Added Meeting with Dana tomorrow from 11 to 11:30 a.m.' });
    expect(w.changes()).toEqual({
      added: { 'new-1': newEvent({ id: 'new-1', title: 'Meeting with Dana', start: at('2026-03-24T11:00:00'), end: at('2026-03-24T11:30:00'), attendees: [invited('Dana')] }) },
    });
  });

  it('gives lunch an hour, with fillers and numbers in words', async () => {
    const w = week();
    const turn = await w.say('uh add lunch with priya on thursday at twelve thirty pm');
    expect(turn).toMatchObject({ reply: "Added 'Lunch with Priya' Thu 12:30–13:30", spoken: 'Added Lunch with Priya on Thursday from 12:30 to 1:30 p.m.' });
    expect(w.changes()).toEqual({
      added: { 'new-1': newEvent({ id: 'new-1', title: 'Lunch with Priya', start: at('2026-03-26T12:30:00'), end: at('2026-03-26T13:30:00'), attendees: [invited('Priya')] }) },
    });
  });

  it('puts a lunch given only a day in the first free hour of lunchtime', async () => {
    const w = week();
    const turn = await w.say('set up lunch with priya tomorrow');
    expect(turn.reply).toBe("Added 'Lunch with Priya' Tue 12:00–13:00");
    expect(w.changes()).toEqual({
      added: { 'new-1': newEvent({ id: 'new-1', title: 'Lunch with Priya', start: at('2026-03-24T12:00:00'), end: at('2026-03-24T13:00:00'), attendees: [invited('Priya')] }) },
    });
  });

  it('makes an all-day event when the words say all day, free so it blocks nothing', async () => {
    const w = week();
    const turn = await w.say('add a team offsite on friday all day');
    expect(turn).toMatchObject({ reply: "Added 'Team offsite' Fri (all day)", spoken: 'Added Team offsite on Friday, all day.' });
    expect(w.changes()).toEqual({
      added: { 'new-1': newEvent({ id: 'new-1', title: 'Team offsite', start: { date: '2026-03-27' }, end: { date: '2026-03-28' }, transparency: 'transparent' }) },
    });
  });

  it('makes a range of days an all-day event with an exclusive end', async () => {
    const w = week();
    const turn = await w.say('add vacation from thursday to friday');
    expect(turn).toMatchObject({ reply: "Added 'Vacation' Thu–Fri (all day)", spoken: 'Added Vacation from Thursday to Friday, all day.' });
    expect(w.changes()).toEqual({
      added: { 'new-1': newEvent({ id: 'new-1', title: 'Vacation', start: { date: '2026-03-26' }, end: { date: '2026-03-28' }, transparency: 'transparent' }) },
    });
  });

  it('starts a weekly series on the first day its rule allows', async () => {
    const w = week();
    const turn = await w.say('add a weekly sync with dana every tuesday at two pm');
    expect(turn.reply).toBe("Added 'Sync with Dana' Tue 14:00–14:30, every Tuesday");
    expect(w.changes()).toEqual({
      added: {
        'new-1': newEvent({
          id: 'new-1', title: 'Sync with Dana', start: at('2026-03-24T14:00:00'), end: at('2026-03-24T14:30:00'), attendees: [invited('Dana')],
          recurrence: { rule: 'FREQ=WEEKLY;BYDAY=TU', exdates: [] },
        }),
      },
    });
    const tuesdays = w.store.agenda({ start: Date.parse('2026-03-30T00:00:00+02:00'), end: Date.parse('2026-04-01T00:00:00+02:00') }, 'Europe/Berlin');
    expect(tuesdays.filter((e) => e.eventId === 'new-1').map((e) => e.start)).toEqual([at('2026-03-31T14:00:00')]);
  });

  it('reads a time the spring-forward gap skips as the clocks show it (02:30 -> 03:30)', async () => {
    const w = week();
    const turn = await w.say('add a meeting with dana on sunday at two thirty am');
    expect(turn.reply).toBe("Added 'Meeting with Dana' Sun 03:30–04:00");
    expect(w.changes()).toEqual({
      added: { 'new-1': newEvent({ id: 'new-1', title: 'Meeting with Dana', start: at('2026-03-29T03:30:00'), end: at('2026-03-29T04:00:00'), attendees: [invited('Dana')] }) },
    });
  });
});

describe('double bookings', () => {
  it('asks before double-booking, offering the nearest free slots; the first one books it there (after the DST change)', async () => {
    const w = week();
    const asked = await w.say('schedule a call with sam next monday at nine am');
    expect(asked).toMatchObject({
      outcome: 'asked',
      reply: "That overlaps 'Standup' (Mon 30 Mar 09:00–09:15). Free instead: Mon 30 Mar 09:15–09:45 or Mon 30 Mar 12:00–12:30. Book it anyway?",
      spoken: "That overlaps Standup. You're free Monday, March 30 at 9:15 a.m. or Monday, March 30 at noon. Book it anyway?",
    });
    expect(w.changes()).toEqual({});
    const booked = await w.say('the first one');
    expect(booked.reply).toBe("Added 'Call with Sam' Mon 30 Mar 09:15–09:45");
    expect(w.changes()).toEqual({
      added: { 'new-2': newEvent({ id: 'new-2', title: 'Call with Sam', start: at('2026-03-30T09:15:00'), end: at('2026-03-30T09:45:00'), attendees: [invited('Sam')] }) },
    });
  });

  it('books over a conflict when told yes', async () => {
    const w = week();
    expect((await w.say('add a meeting with priya on friday at two pm')).reply).toBe(
      "That overlaps 'Design review' (Fri 14:00–15:00). Free instead: Fri 13:30–14:00 or Fri 15:00–15:30. Book it anyway?",
    );
    const turn = await w.say('yes');
    expect(turn).toMatchObject({ outcome: 'applied', reply: "Added 'Meeting with Priya' Fri 14:00–14:30" });
    expect(w.changes()).toEqual({
      added: { 'new-2': newEvent({ id: 'new-2', title: 'Meeting with Priya', start: at('2026-03-27T14:00:00'), end: at('2026-03-27T14:30:00'), attendees: [invited('Priya')] }) },
    });
  });

  it('leaves the calendar alone when told no', async () => {
    const w = week();
    await w.say('add a meeting with priya on friday at two pm');
    expect(await w.say('no')).toMatchObject({ outcome: 'dismissed', reply: 'Okay, I left it as it was.' });
    expect(w.changes()).toEqual({});
  });

  it('takes "make it four pm instead" as the new time, on the same day', async () => {
    const w = week();
    await w.say('add a meeting with priya on friday at two pm');
    const turn = await w.say('make it four pm instead');
    expect(turn.reply).toBe("Added 'Meeting with Priya' Fri 16:00–16:30");
    expect(w.changes()).toEqual({
      added: { 'new-2': newEvent({ id: 'new-2', title: 'Meeting with Priya', start: at('2026-03-27T16:00:00'), end: at('2026-03-27T16:30:00'), attendees: [invited('Priya')] }) },
    });
  });

  it('applies over a conflict at once with confirm (--yes)', async () => {
    const w = week();
    const turn = await w.say('add a meeting with priya on friday at two pm', { confirm: true });
    expect(turn.outcome).toBe('applied');
    expect(Object.keys(w.changes().added ?? {})).toEqual(['new-1']);
  });
});

describe('reminders', () => {
  it('sets a reminder a given time before an event, as a short free event named by the task', async () => {
    const w = week();
    const turn = await w.say('remind me to call mom ten minutes before the design sync');
    expect(turn).toMatchObject({ reply: "Reminder 'Call mom' set for Tue 09:50", spoken: 'Reminder set for tomorrow at 9:50 a.m.: Call mom.' });
    expect(w.changes()).toEqual({
      added: { 'new-1': newEvent({ id: 'new-1', title: 'Call mom', start: at('2026-03-24T09:50:00'), end: at('2026-03-24T10:05:00'), transparency: 'transparent' }) },
    });
  });

  it('puts a reminder given only a day at the reminder time of day', async () => {
    const w = week();
    expect((await w.say('remind me to pay rent tomorrow')).reply).toBe("Reminder 'Pay rent' set for Tue 09:00");
    expect(w.changes()).toEqual({
      added: { 'new-1': newEvent({ id: 'new-1', title: 'Pay rent', start: at('2026-03-24T09:00:00'), end: at('2026-03-24T09:15:00'), transparency: 'transparent' }) },
    });
  });

  it('names a reminder after its event when no task is said', async () => {
    const w = week();
    expect((await w.say('remind me about the dentist appointment an hour before')).reply).toBe("Reminder 'Reminder: Dentist' set for Thu 15:00");
    expect(w.changes()).toEqual({
      added: { 'new-1': newEvent({ id: 'new-1', title: 'Reminder: Dentist', start: at('2026-03-26T15:00:00'), end: at('2026-03-26T15:15:00'), transparency: 'transparent' }) },
    });
  });
});

describe('focus time', () => {
  it('blocks the first free two hours before friday, inside working hours', async () => {
    const w = week();
    const turn = await w.say('hey tempo um block two hours of deep work before friday please');
    expect(turn).toMatchObject({ reply: "Blocked 'Deep work' Mon 12:00–14:00", spoken: 'Blocked 2 hours for Deep work today from noon to 2 p.m.' });
    expect(w.changes()).toEqual({
      added: { 'new-1': newEvent({ id: 'new-1', title: 'Deep work', start: at('2026-03-23T12:00:00'), end: at('2026-03-23T14:00:00') }) },
    });
  });

  it('blocks focus time around the events of the afternoon said', async () => {
    const w = week();
    expect((await w.say('block three hours of focus time on wednesday afternoon')).reply).toBe("Blocked 'Focus time' Wed 13:30–16:30");
    expect(w.changes()).toEqual({
      added: { 'new-1': newEvent({ id: 'new-1', title: 'Focus time', start: at('2026-03-25T13:30:00'), end: at('2026-03-25T16:30:00') }) },
    });
  });
});

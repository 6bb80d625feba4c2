import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/support/temp';
import { CalendarStore } from '../store';
import { Assistant } from './assistant';
import { at, invited, person } from './testing/seeded-week';
import { useWeek } from './testing/use-week';

/** The seeded week is Monday 23 March 2026, 08:30 in Berlin; clocks go forward on Sunday 29 March. */
const week = useWeek();
const tempDir = useTempDirs();
const standupPeople = [person('Dana'), person('Sam')];

describe('moving', () => {
  it('moves "my 3pm with dana" to the first free slot of thursday morning, keeping its length', async () => {
    const w = week();
    const turn = await w.say('move my three pm with dana to thursday morning');
    expect(turn).toMatchObject({ outcome: 'applied', reply: "Moved '1:1 with Dana' to Thu 10:30–11:00", spoken: 'Moved 1:1 with Dana to Thursday at 10:30 a.m.' });
    expect(w.changes()).toEqual({ changed: { 'one-on-one': { start: at('2026-03-26T10:30:00'), end: at('2026-03-26T11:00:00') } } });
  });

  it('finds "my one on one with dana" by its title and attendee', async () => {
    const w = week();
    expect((await w.say('move my one on one with dana to four pm')).reply).toBe("Moved '1:1 with Dana' to Mon 16:00–16:30");
    expect(w.changes()).toEqual({ changed: { 'one-on-one': { start: at('2026-03-23T16:00:00'), end: at('2026-03-23T16:30:00') } } });
  });

  it('moves an event to a day and time', async () => {
    const w = week();
    expect((await w.say('move the design sync to friday at eleven am')).reply).toBe("Moved 'Design sync' to Fri 11:00–11:30");
    expect(w.changes()).toEqual({ changed: { 'design-sync': { start: at('2026-03-27T11:00:00'), end: at('2026-03-27T11:30:00') } } });
  });

  it('moves one instance of a series as an exception of that series', async () => {
    const w = week();
    expect((await w.say('push the standup on wednesday to nine thirty')).reply).toBe("Moved 'Standup' to Wed 09:30–09:45");
    expect(w.changes()).toEqual({
      added: {
        'new-1': {
          id: 'new-1', calendarId: 'personal', title: 'Standup', start: at('2026-03-25T09:30:00'), end: at('2026-03-25T09:45:00'), attendees: standupPeople,
          status: 'confirmed', transparency: 'opaque', seriesId: 'standup', originalStart: '2026-03-25T09:00:00',
        },
      },
    });
  });

  it('moves a whole series, carrying its excluded dates and exceptions to the new time', async () => {
    const w = week();
    const turn = await w.say('move every standup to nine thirty am');
    expect(turn).toMatchObject({ reply: "Moved every 'Standup' to 09:30–09:45", spoken: 'Every Standup now starts at 9:30 a.m.' });
    expect(w.changes()).toEqual({
      added: {
        'new-1': {
          id: 'new-1', calendarId: 'personal', title: 'Standup', start: at('2026-03-27T09:30:00'), end: at('2026-03-27T09:45:00'), attendees: standupPeople,
          status: 'confirmed', transparency: 'opaque', seriesId: 'standup', originalStart: '2026-03-27T09:30:00',
        },
      },
      removed: ['standup-fri'],
      changed: {
        standup: { start: at('2026-03-02T09:30:00'), end: at('2026-03-02T09:45:00'), recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', exdates: ['2026-03-16T09:30:00'] } },
      },
    });
    const friday = w.store.agenda({ start: Date.parse('2026-03-27T00:00:00+01:00'), end: Date.parse('2026-03-28T00:00:00+01:00') }, 'Europe/Berlin');
    expect(friday.filter((e) => e.title === 'Standup').map((e) => e.eventId)).toEqual(['new-1']);
  });

  it('moves an event to its own weekday of next week, across the DST change', async () => {
    const w = week();
    const turn = await w.say('move the design review to next week');
    expect(turn).toMatchObject({ reply: "Moved 'Design review' to Fri 3 Apr 14:00–15:00", spoken: 'Moved Design review to Friday, April 3 at 2 p.m.' });
    expect(w.changes()).toEqual({ changed: { 'design-review': { start: at('2026-04-03T14:00:00'), end: at('2026-04-03T15:00:00') } } });
  });

  it('moves an all-day event by days, keeping how many', async () => {
    const w = week();
    expect((await w.say('move the offsite to april ninth')).reply).toBe("Moved 'Company offsite' to Thu 9 Apr–Fri 10 Apr (all day)");
    expect(w.changes()).toEqual({ changed: { offsite: { start: { date: '2026-04-09' }, end: { date: '2026-04-11' } } } });
  });

  it('will not silently double-book a move', async () => {
    const w = week();
    const turn = await w.say('move the dentist appointment to next monday at nine');
    expect(turn).toMatchObject({
      outcome: 'asked',
      reply: "That overlaps 'Standup' (Mon 30 Mar 09:00–09:15). Free instead: Mon 30 Mar 09:15–10:15 or Mon 30 Mar 12:00–13:00. Do it anyway?",
    });
    expect(w.changes()).toEqual({});
    await w.say('the second one');
    expect(w.changes()).toEqual({ changed: { dentist: { start: at('2026-03-30T12:00:00'), end: at('2026-03-30T13:00:00') } } });
  });

  it('keeps a New York series instance at 10:00 local after the clocks fall back', async () => {
    const store = CalendarStore.open({ file: path.join(tempDir(), 'cache.db') });
    const zone = 'America/New_York';
    store.applyPulled(
      [
        { kind: 'calendar', version: 1, calendar: { id: 'work', name: 'Work', timeZone: zone, readOnly: false } },
        {
          kind: 'event', version: 1, eventId: 'standup', deleted: false,
          event: {
            id: 'standup', calendarId: 'work', title: 'Standup', start: { dateTime: '2026-10-19T09:00:00', timeZone: zone }, end: { dateTime: '2026-10-19T09:30:00', timeZone: zone },
            attendees: [], status: 'confirmed', transparency: 'opaque', recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO', exdates: [] },
          },
        },
      ],
      1,
    );
    const assistant = new Assistant({ store, zone, clock: () => Date.parse('2026-10-30T10:00:00-04:00'), newId: () => 'moved' });
    try {
      const turn = await assistant.say('move the standup on monday to ten am');
      expect(turn.reply).toBe("Moved 'Standup' to Mon 10:00–10:30");
      expect(store.getEvent('moved')).toMatchObject({ start: { dateTime: '2026-11-02T10:00:00', timeZone: zone }, seriesId: 'standup', originalStart: '2026-11-02T09:00:00' });
      const monday = store.agenda({ start: Date.parse('2026-11-02T00:00:00-05:00'), end: Date.parse('2026-11-03T00:00:00-05:00') }, zone);
      expect(monday.map((e) => new Date(e.startsAt).toISOString())).toEqual(['2026-11-02T15:00:00.000Z']);
      expect((await assistant.say("what's on next monday")).reply).toBe('Mon: Standup 10:00.');
    } finally {
      store.close();
    }
  });
});

describe('changing how long', () => {
  it('extends by an amount', async () => {
    const w = week();
    const turn = await w.say('extend the design sync by fifteen minutes');
    expect(turn).toMatchObject({ reply: "Changed 'Design sync' to 45 min: Tue 10:00–10:45", spoken: 'Design sync now lasts 45 minutes.' });
    expect(w.changes()).toEqual({ changed: { 'design-sync': { end: at('2026-03-24T10:45:00') } } });
  });

  it('sets a length', async () => {
    const w = week();
    expect((await w.say('change the design review to ninety minutes')).reply).toBe("Changed 'Design review' to 1 h 30 min: Fri 14:00–15:30");
    expect(w.changes()).toEqual({ changed: { 'design-review': { end: at('2026-03-27T15:30:00') } } });
  });

  it('asks whether one instance or the series is meant, and changes every one on "all of them"', async () => {
    const w = week();
    expect((await w.say('shorten the standup to ten minutes')).reply).toBe("Just 'Standup' on Mon 09:00, or every 'Standup'?");
    expect(w.changes()).toEqual({});
    expect((await w.say('all of them')).reply).toBe("Changed every 'Standup' to 10 min");
    expect(w.changes()).toEqual({ changed: { standup: { end: at('2026-03-02T09:10:00') } } });
  });
});

describe('cancelling', () => {
  it('deletes a one-off event', async () => {
    const w = week();
    expect(await w.say('cancel my dentist appointment')).toMatchObject({ reply: "Cancelled 'Dentist' (Thu 16:00–17:00)", spoken: 'Cancelled Dentist on Thursday at 4 p.m.' });
    expect(w.changes()).toEqual({ removed: ['dentist'] });
  });

  it('cancels the instance of the day named as a cancelled exception', async () => {
    const w = week();
    expect((await w.say('cancel the standup on wednesday')).reply).toBe("Cancelled 'Standup' on Wed 09:00–09:15");
    expect(w.changes()).toEqual({
      added: {
        'new-1': {
          id: 'new-1', calendarId: 'personal', title: 'Standup', start: at('2026-03-25T09:00:00'), end: at('2026-03-25T09:15:00'), attendees: standupPeople,
          status: 'cancelled', transparency: 'opaque', seriesId: 'standup', originalStart: '2026-03-25T09:00:00',
        },
      },
    });
    const wednesday = w.store.agenda({ start: Date.parse('2026-03-25T00:00:00+01:00'), end: Date.parse('2026-03-26T00:00:00+01:00') }, 'Europe/Berlin');
    expect(wednesday.map((e) => e.title)).toEqual(['Lunch with Priya', 'Gym']);
  });

  it('asks this one or all when the day is not said, then cancels just this one', async () => {
    const w = week();
    expect(await w.say('cancel the standup')).toMatchObject({ outcome: 'asked', reply: "Just 'Standup' on Mon 09:00, or every 'Standup'?", spoken: 'Just the Standup today at 9 a.m., or every Standup?' });
    expect((await w.say('just this one')).reply).toBe("Cancelled 'Standup' on Mon 09:00–09:15");
    expect(w.changes().added?.['new-1']).toMatchObject({ status: 'cancelled', seriesId: 'standup', originalStart: '2026-03-23T09:00:00' });
  });

  it('cancels a whole series with its exceptions', async () => {
    const w = week();
    expect((await w.say('cancel all the standups')).reply).toBe("Cancelled every 'Standup'");
    expect(w.changes()).toEqual({ removed: ['standup', 'standup-fri'] });
  });

  it('cancels an instance that is already an exception by cancelling that exception', async () => {
    const w = week();
    expect((await w.say('cancel the standup on friday')).reply).toBe("Cancelled 'Standup' on Fri 09:30–09:45");
    expect(w.changes()).toEqual({ changed: { 'standup-fri': { status: 'cancelled' } } });
  });
});

describe('renaming and updating', () => {
  it('renames an event', async () => {
    const w = week();
    expect(await w.say('rename the design sync to architecture sync')).toMatchObject({ reply: "Renamed 'Design sync' to 'Architecture sync'", spoken: 'Renamed Design sync to Architecture sync.' });
    expect(w.changes()).toEqual({ changed: { 'design-sync': { title: 'Architecture sync' } } });
  });

  it('sets a location', async () => {
    const w = week();
    expect(await w.say('change the location of the design review to cafe central')).toMatchObject({ reply: "Set the location of 'Design review' to Cafe central", spoken: 'Design review is now at Cafe central.' });
    expect(w.changes()).toEqual({ changed: { 'design-review': { location: 'Cafe central' } } });
  });

  it('renames to a title the parser split into words and a meal', async () => {
    const w = week();
    expect((await w.say('rename lunch with priya to team lunch')).reply).toBe("Renamed 'Lunch with Priya' to 'Team lunch'");
    expect(w.changes()).toEqual({ changed: { lunch: { title: 'Team lunch' } } });
  });

  it('sets the place when the words say the location is what changes', async () => {
    const w = week();
    expect((await w.say('change the dentist location to zahnarzt mitte')).reply).toBe("Set the location of 'Dentist' to Zahnarzt mitte");
    expect(w.changes()).toEqual({ changed: { dentist: { location: 'Zahnarzt mitte' } } });
  });

  it('renames one instance of a series as an exception', async () => {
    const w = week();
    expect((await w.say('rename the standup on thursday to retro')).reply).toBe("Renamed 'Standup' on Thu to 'Retro'");
    expect(w.changes()).toEqual({
      added: {
        'new-1': {
          id: 'new-1', calendarId: 'personal', title: 'Retro', start: at('2026-03-26T09:00:00'), end: at('2026-03-26T09:15:00'), attendees: standupPeople,
          status: 'confirmed', transparency: 'opaque', seriesId: 'standup', originalStart: '2026-03-26T09:00:00',
        },
      },
    });
  });
});

describe('attendees', () => {
  it('invites someone', async () => {
    const w = week();
    expect((await w.say('invite alex to the design review')).reply).toBe("Invited Alex to 'Design review'");
    expect(w.changes()).toEqual({ changed: { 'design-review': { attendees: [person('Priya'), person('Sam'), invited('Alex')] } } });
  });

  it('removes someone', async () => {
    const w = week();
    expect((await w.say('remove sam from the design sync')).reply).toBe("Removed Sam from 'Design sync'");
    expect(w.changes()).toEqual({ changed: { 'design-sync': { attendees: [person('Dana')] } } });
  });

  it('says so when the person is not there, and changes nothing', async () => {
    const w = week();
    expect(await w.say('remove dana from the design review')).toMatchObject({ outcome: 'failed', reply: "Dana is not on 'Design review'." });
    expect(w.changes()).toEqual({});
  });

  it('invites someone to every instance of a series', async () => {
    const w = week();
    await w.say('invite priya to the standup');
    expect((await w.say('all of them')).reply).toBe("Invited Priya to every 'Standup'");
    expect(w.changes()).toEqual({ changed: { standup: { attendees: [...standupPeople, invited('Priya')] } } });
  });
});

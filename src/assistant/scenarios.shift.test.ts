import { describe, expect, it } from 'vitest';
import { at, person } from './testing/seeded-week';
import { useWeek } from './testing/use-week';

/** The seeded week is Monday 23 March 2026, 08:30 in Berlin; clocks go forward on Sunday 29 March. */
const week = useWeek();

describe('moving by an amount', () => {
  it('pushes "my ten o\'clock" back an hour, keeping its length', async () => {
    const w = week();
    const turn = await w.say("push my ten o'clock back an hour");
    expect(turn).toMatchObject({ outcome: 'applied', reply: "Moved 'Design sync' to Tue 11:00–11:30" });
    expect(w.changes()).toEqual({ changed: { 'design-sync': { start: at('2026-03-24T11:00:00'), end: at('2026-03-24T11:30:00') } } });
  });

  it('moves an event an hour later', async () => {
    const w = week();
    expect((await w.say('move the design sync an hour later')).reply).toBe("Moved 'Design sync' to Tue 11:00–11:30");
  });

  it('brings an event forward: earlier', async () => {
    const w = week();
    expect((await w.say('bring the design review forward half an hour')).reply).toBe("Moved 'Design review' to Fri 13:30–14:30");
    expect(w.changes()).toEqual({ changed: { 'design-review': { start: at('2026-03-27T13:30:00'), end: at('2026-03-27T14:30:00') } } });
  });

  it('keeps the wall-clock time when a shift crosses the DST change', async () => {
    const w = week();
    expect((await w.say('move the design review a week later')).reply).toBe("Moved 'Design review' to Fri 3 Apr 14:00–15:00");
    expect(w.changes()).toEqual({ changed: { 'design-review': { start: at('2026-04-03T14:00:00'), end: at('2026-04-03T15:00:00') } } });
  });

  it('moves one instance of a series as an exception', async () => {
    const w = week();
    expect((await w.say('delay the standup on wednesday by fifteen minutes')).reply).toBe("Moved 'Standup' to Wed 09:15–09:30");
    expect(w.changes()).toEqual({
      added: {
        'new-1': {
          id: 'new-1', calendarId: 'personal', title: 'Standup', start: at('2026-03-25T09:15:00'), end: at('2026-03-25T09:30:00'), attendees: [person('Dana'), person('Sam')],
          status: 'confirmed', transparency: 'opaque', seriesId: 'standup', originalStart: '2026-03-25T09:00:00',
        },
      },
    });
  });

  it('moves an all-day event by whole days only', async () => {
    const w = week();
    expect(await w.say('move the offsite an hour later')).toMatchObject({ outcome: 'failed', reply: "'Company offsite' is an all-day event; tell me the day to move it to." });
    expect(w.changes()).toEqual({});
    expect((await w.say('push the offsite back a day')).reply).toBe("Moved 'Company offsite' to Fri 3 Apr–Sat 4 Apr (all day)");
    expect(w.changes()).toEqual({ changed: { offsite: { start: { date: '2026-04-03' }, end: { date: '2026-04-05' } } } });
  });

  it('asks before a shift double-books, and undoes a shift it applied', async () => {
    const w = week();
    const turn = await w.say('move lunch with priya five hours later');
    expect(turn).toMatchObject({ outcome: 'asked', reply: expect.stringMatching(/^That overlaps 'Gym' \(Wed 18:00–19:00\)/) });
    expect(w.changes()).toEqual({});
    await w.say('yes');
    expect(w.changes()).toEqual({ changed: { lunch: { start: at('2026-03-25T17:30:00'), end: at('2026-03-25T18:30:00') } } });
    expect((await w.say('undo')).reply).toBe("Undid: Moved 'Lunch with Priya' to Wed 17:30–18:30");
    expect(w.changes()).toEqual({});
  });
});

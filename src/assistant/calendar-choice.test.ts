import { describe, expect, it } from 'vitest';
import { useWeek } from './testing/use-week';

/** "on my work calendar": where a new event goes, named in the command (issue 9). */
const week = useWeek();

function withCalendars() {
  const w = week();
  w.store.applyPulled(
    [
      { kind: 'calendar', version: 900, calendar: { id: 'work', name: 'Work', timeZone: 'Europe/Berlin', readOnly: false } },
      { kind: 'calendar', version: 901, calendar: { id: 'holidays', name: 'Holidays', timeZone: 'Europe/Berlin', readOnly: true } },
    ],
    901,
  );
  return w;
}

describe('choosing the calendar of a new event', () => {
  it('puts the event on the calendar the command names, and keeps the phrase out of its title', async () => {
    const w = withCalendars();
    const turn = await w.say('add lunch with priya tomorrow at noon on my work calendar');
    expect(turn.outcome).toBe('applied');
    expect(w.changes().added?.['new-1']).toMatchObject({ calendarId: 'work', title: 'Lunch with Priya' });
  });

  it('uses the default calendar when none is named', async () => {
    const w = withCalendars();
    w.store.setDefaultCalendar('work');
    await w.say('add lunch with priya tomorrow at noon');
    expect(w.changes().added?.['new-1']).toMatchObject({ calendarId: 'work' });
  });

  it('refuses a read-only or unknown calendar rather than using another', async () => {
    const w = withCalendars();
    expect(await w.say('put the team offsite on the holidays calendar on friday')).toMatchObject({ outcome: 'failed', reply: expect.stringContaining('read-only') });
    expect(await w.say('add gym on my fitness calendar tomorrow at 7am')).toMatchObject({ outcome: 'failed', reply: expect.stringContaining('no calendar called “fitness”') });
    expect(w.changes()).toEqual({});
  });
});

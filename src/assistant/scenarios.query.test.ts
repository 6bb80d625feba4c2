import { describe, expect, it } from 'vitest';
import { useWeek } from './testing/use-week';

/** The seeded week is Monday 23 March 2026, 08:30 in Berlin; clocks go forward on Sunday 29 March. */
const week = useWeek();

async function ask(text: string, options: Parameters<ReturnType<typeof week>['say']>[1] = {}, config = {}) {
  const w = week({ config });
  const turn = await w.say(text, options);
  expect(turn.outcome).toBe('answered');
  expect(w.changes()).toEqual({});
  expect(w.store.pendingMutations(10)).toEqual([]);
  return turn;
}

describe('agenda questions', () => {
  it("answers what's on tomorrow", async () => {
    expect(await ask("what's on tomorrow")).toMatchObject({ reply: 'Tue: Standup 09:00, Design sync 10:00.', spoken: 'Tomorrow you have 2 events: Standup at 9 a.m. and Design sync at 10 a.m.' });
  });

  it('lists a day with a moved instance of a series at its new time', async () => {
    expect(await ask('what do i have on friday')).toMatchObject({ reply: 'Fri: Standup 09:30, Design review 14:00.', spoken: 'On Friday you have 2 events: Standup at 9:30 a.m. and Design review at 2 p.m.' });
  });

  it('answers for the weekend of the DST change with its all-day event', async () => {
    expect(await ask('what do i have on the weekend')).toMatchObject({ reply: "Sat–Sun: Mom's birthday (all day).", spoken: "From Saturday to Sunday you have one event: Mom's birthday, all day." });
  });

  it('keeps wall times after the clocks go forward', async () => {
    expect((await ask("what's on next monday")).reply).toBe('Mon 30 Mar: Standup 09:00, Roadmap review 11:00.');
  });

  it('answers with the next busy event when no day is said', async () => {
    expect((await ask("what's my next meeting")).reply).toBe("'Standup' is Mon 09:00–09:15.");
  });
});

describe('event questions', () => {
  it('says when an event is', async () => {
    expect(await ask('when is my dentist appointment')).toMatchObject({ reply: "'Dentist' is Thu 16:00–17:00.", spoken: 'Dentist is on Thursday from 4 to 5 p.m.' });
  });

  it('answers for the next instance of a series', async () => {
    expect((await ask('when is the standup')).reply).toBe("'Standup' is Mon 09:00–09:15.");
  });

  it('answers for each event the words may mean instead of asking', async () => {
    expect((await ask('when is the design meeting')).reply).toBe("'Design sync' is Tue 10:00–10:30; 'Design review' is Fri 14:00–15:00.");
  });

  it('finds the next event with someone', async () => {
    expect((await ask('when is my next meeting with priya')).reply).toBe("'Roadmap review' is Mon 11:00–12:00.");
  });
});

describe('free time', () => {
  it('lists the gaps of at least the length asked inside working hours', async () => {
    expect(await ask('when am i free for an hour on thursday')).toMatchObject({
      reply: 'Free Thu 10:30–16:00, 17:00–18:00.',
      spoken: "You're free on Thursday from 10:30 a.m. to 4 p.m. and from 5 to 6 p.m.",
    });
  });

  it('keeps buffers around busy blocks when configured', async () => {
    expect((await ask('when am i free for an hour on thursday', {}, { bufferMinutes: 15 })).reply).toBe('Free Thu 10:45–15:45.');
  });

  it('limits the search to the part of the day said', async () => {
    expect((await ask('am i free for thirty minutes tomorrow afternoon')).reply).toBe('Free Tue 12:00–18:00.');
  });

  it('follows configured working hours', async () => {
    expect((await ask('find free time tomorrow', {}, { workingHours: { start: '08:00', end: '12:00' } })).reply).toBe('Free Tue 08:00–09:00, 09:15–10:00, 10:30–12:00.');
  });

  it('answers in the zone of the turn', async () => {
    const turn = await ask('find free time tomorrow', { zone: 'America/New_York' });
    expect(turn.reply).toBe('Free Tue 09:00–18:00.');
  });
});

import { describe, expect, it } from 'vitest';
import { parseCommand } from '../nlu/parse';
import { CalendarView } from './calendar-view';
import { embedderFrom } from './embedder';
import { resolveReference, type Resolution } from './reference-resolver';
import { readCommand } from './request';
import { FakeEmbedder } from './testing/fake-embedder';
import { EVENTS, NOW, ZONE } from './testing/seeded-week';
import { useWeek } from './testing/use-week';

const week = useWeek();

async function resolve(text: string, options: { now?: number; embedder?: FakeEmbedder } = {}): Promise<Resolution> {
  const w = week();
  const now = options.now ?? NOW;
  if (options.embedder) for (const event of EVENTS) w.store.putEmbedding(event.id, await options.embedder.embed(event.title));
  const request = readCommand(parseCommand(text, { now: new Date(now), zone: ZONE }), ZONE);
  return resolveReference(request.reference!, { view: new CalendarView(w.store, ZONE, now), now, lookaheadDays: 30, ...(options.embedder && { embedder: options.embedder }) });
}

const summary = (resolution: Resolution) => {
  if (resolution.status === 'absent') return { status: 'absent' };
  const candidates = resolution.candidates.map((c) => `${c.title} ${c.originalStart}`);
  return resolution.status === 'exact' ? { status: 'exact', target: `${resolution.target.title} ${resolution.target.originalStart}`, candidates } : { status: 'ambiguous', candidates };
};

describe('resolving references against the cache', () => {
  it('finds an event by time and attendee', async () => {
    expect(summary(await resolve('move my three pm with dana to friday'))).toMatchObject({ status: 'exact', target: '1:1 with Dana 2026-03-23T15:00:00' });
  });

  it('finds an event by its title words, keeping the weaker candidates', async () => {
    expect(summary(await resolve('cancel the design sync'))).toEqual({
      status: 'exact',
      target: 'Design sync 2026-03-24T10:00:00',
      candidates: ['Design sync 2026-03-24T10:00:00', 'Design review 2026-03-27T14:00:00'],
    });
  });

  it('finds the instance of a series on the day named, exception or not', async () => {
    expect(summary(await resolve('cancel the standup on wednesday'))).toMatchObject({ status: 'exact', target: 'Standup 2026-03-25T09:00:00' });
    const friday = await resolve('cancel the standup on friday');
    expect(friday).toMatchObject({ status: 'exact', target: { eventId: 'standup-fri', seriesId: 'standup', originalStart: '2026-03-27T09:00:00' } });
  });

  it('stands a series in for its next instance when no day is named', async () => {
    expect(summary(await resolve('cancel the standup', { now: Date.parse('2026-03-24T12:00:00+01:00') }))).toMatchObject({ status: 'exact', target: 'Standup 2026-03-25T09:00:00' });
  });

  it('is ambiguous between close matches, listing them by time', async () => {
    expect(summary(await resolve('cancel the design meeting'))).toEqual({ status: 'ambiguous', candidates: ['Design sync 2026-03-24T10:00:00', 'Design review 2026-03-27T14:00:00'] });
  });

  it('is ambiguous between instances of a series inside the days named', async () => {
    expect(summary(await resolve("cancel this week's standup"))).toEqual({
      status: 'ambiguous',
      candidates: ['Standup 2026-03-23T09:00:00', 'Standup 2026-03-24T09:00:00', 'Standup 2026-03-25T09:00:00', 'Standup 2026-03-26T09:00:00'],
    });
  });

  it('takes the next or the last one when the words say so', async () => {
    expect(summary(await resolve('when is my next meeting with priya'))).toMatchObject({ status: 'exact', target: 'Roadmap review 2026-03-23T11:00:00' });
    expect(summary(await resolve('when was the last standup'))).toMatchObject({ status: 'exact', target: 'Standup 2026-03-20T09:00:00' });
  });

  it('looks for a bare clock time on the first day that has an event then', async () => {
    expect(summary(await resolve('cancel my two pm'))).toMatchObject({ status: 'exact', target: 'Design review 2026-03-27T14:00:00' });
  });

  it('is absent when nothing matches every part said', async () => {
    expect(summary(await resolve('cancel the board meeting'))).toEqual({ status: 'absent' });
    expect(summary(await resolve('cancel my three pm with priya'))).toEqual({ status: 'absent' });
  });

  it('matches by meaning through an embedder when one is plugged in, and only then', async () => {
    expect(summary(await resolve('when is my teeth cleaning'))).toEqual({ status: 'absent' });
    const embedder = new FakeEmbedder({ teeth: 'dentist' });
    expect(summary(await resolve('when is my teeth cleaning', { embedder }))).toMatchObject({ status: 'exact', target: 'Dentist 2026-03-26T16:00:00' });
    expect(summary(await resolve('cancel the board meeting', { embedder }))).toEqual({ status: 'absent' });
  });
});

describe('the embedder seam in the assistant', () => {
  it('uses an embedder when given one, through the app encoder interface too', async () => {
    const fake = new FakeEmbedder({ teeth: 'dentist' });
    const encoder = { name: 'fake', dimensions: 512, embed: (texts: readonly string[]) => Promise.all(texts.map((text) => fake.embed(text))) };
    const without = week();
    expect((await without.say('when is my teeth cleaning')).outcome).toBe('failed');
    const w = week({ embedder: embedderFrom(encoder) });
    for (const event of EVENTS) w.store.putEmbedding(event.id, await fake.embed(event.title));
    expect((await w.say('when is my teeth cleaning')).reply).toBe("'Dentist' is Thu 16:00–17:00.");
    expect((await w.say('move my teeth cleaning to friday at nine am', { confirm: true })).reply).toBe("Moved 'Dentist' to Fri 09:00–10:00");
  });
});

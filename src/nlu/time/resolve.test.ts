import { describe, expect, it } from 'vitest';
import { resolveTimes, type TimeMatch, type TimeRef } from './resolve';

// Duckling's reference: Tuesday 2013-02-12 04:30 at UTC-2.
const REF: TimeRef = { now: '2013-02-12T04:30:00-02:00', zone: '-02:00' };

function one(text: string, ref: TimeRef = REF): TimeMatch {
  const ms = resolveTimes(text, ref);
  expect(ms, `${text}: ${JSON.stringify(ms)}`).toHaveLength(1);
  return ms[0]!;
}

function startOf(text: string, ref: TimeRef = REF): string | null {
  return one(text, ref).start;
}

describe('resolveTimes: values', () => {
  it.each([
    ['today', '2013-02-12T00:00:00.000-02:00', 'day'],
    ['tomorrow at 9am', '2013-02-13T09:00:00.000-02:00', 'hour'],
    ['next tuesday', '2013-02-19T00:00:00.000-02:00', 'day'],
    ['friday after next', '2013-02-22T00:00:00.000-02:00', 'day'],
    ['this week', '2013-02-11T00:00:00.000-02:00', 'week'],
    ['next week', '2013-02-18T00:00:00.000-02:00', 'week'],
    ['last month', '2013-01-01T00:00:00.000-02:00', 'month'],
    ['next quarter', '2013-04-01T00:00:00.000-02:00', 'quarter'],
    ['at 3 AM', '2013-02-13T03:00:00.000-02:00', 'hour'],
    ['3:15pm', '2013-02-12T15:15:00.000-02:00', 'minute'],
    ['a quarter past noon', '2013-02-12T12:15:00.000-02:00', 'minute'],
    ['in two weeks', '2013-02-26T00:00:00.000-02:00', 'day'],
    ['in 2 hours', '2013-02-12T06:30:00.000-02:00', 'minute'],
    ['last day of march', '2013-03-31T00:00:00.000-02:00', 'day'],
    ['the first monday of next month', '2013-03-04T00:00:00.000-02:00', 'day'],
    ['march 3rd 2015', '2015-03-03T00:00:00.000-02:00', 'day'],
    ['3rd quarter', '2013-07-01T00:00:00.000-02:00', 'quarter'],
  ])('%s', (text, start, grain) => {
    const m = one(text);
    expect(m.start).toBe(start);
    expect(m.grain).toBe(grain);
    expect(m.kind).toBe('value');
    expect(m.text).toBe(text);
  });

  it('reads spoken numbers and keeps spans in the original text', () => {
    expect(startOf('five thirty pm')).toBe('2013-02-12T17:30:00.000-02:00');
    expect(startOf('the twenty first of march')).toBe('2013-03-21T00:00:00.000-02:00');
    expect(startOf('a quarter past two in the afternoon')).toBe('2013-02-12T14:15:00.000-02:00');
    const text = 'put lunch with priya on the twenty first of march at noon please';
    const m = one(text);
    expect(m.text).toBe('on the twenty first of march at noon');
    expect(text.slice(m.span.start, m.span.end)).toBe(m.text);
    expect(m.start).toBe('2013-03-21T12:00:00.000-02:00');
  });

  it('resolves rule-based and fixed holidays', () => {
    expect(startOf('thanksgiving')).toBe('2013-11-28T00:00:00.000-02:00');
    expect(startOf('thanksgiving 2012')).toBe('2012-11-22T00:00:00.000-02:00');
    expect(startOf('memorial day')).toBe('2013-05-27T00:00:00.000-02:00');
    expect(startOf('christmas eve')).toBe('2013-12-24T00:00:00.000-02:00');
    expect(startOf('easter 2013')).toBe('2013-03-31T00:00:00.000-02:00');
    expect(one('thanksgiving').holiday).toBe('Thanksgiving');
  });
});

describe('resolveTimes: DST', () => {
  it.each([
    // the day before spring-forward and fall-back, in both zones
    ['America/New_York', '2024-03-09T12:00:00', '2024-03-10T09:00:00.000-04:00'],
    ['America/New_York', '2024-11-02T12:00:00', '2024-11-03T09:00:00.000-05:00'],
    ['Europe/Berlin', '2024-03-30T12:00:00', '2024-03-31T09:00:00.000+02:00'],
    ['Europe/Berlin', '2024-10-26T12:00:00', '2024-10-27T09:00:00.000+01:00'],
  ])('tomorrow at 9am in %s from %s', (zone, now, expected) => {
    expect(startOf('tomorrow at 9am', { now, zone })).toBe(expected);
  });

  it('counts elapsed hours across a DST change', () => {
    // 01:30 EST + 2 h of real time is 04:30 EDT (the 02:00-03:00 hour does not exist).
    expect(startOf('in 2 hours', { now: '2024-03-10T01:30:00', zone: 'America/New_York' })).toBe('2024-03-10T04:30:00.000-04:00');
    // 01:30 EDT + 1 h is the second 01:30 of the night, in EST.
    expect(startOf('in 1 hour', { now: '2024-11-03T01:30:00-04:00', zone: 'America/New_York' })).toBe('2024-11-03T01:30:00.000-05:00');
    const m = one('in 1 hour', { now: '2024-11-03T01:30:00-04:00', zone: 'America/New_York' });
    expect(m.startMs! - Date.parse('2024-11-03T01:30:00-04:00')).toBe(3_600_000);
  });

  it('moves a time skipped by spring-forward to after the jump', () => {
    expect(startOf('at 2:30am', { now: '2024-03-10T00:30:00', zone: 'America/New_York' })).toBe('2024-03-10T03:30:00.000-04:00');
  });
});

describe('resolveTimes: zones', () => {
  it('accepts fixed offsets in several spellings', () => {
    for (const zone of ['-02:00', 'UTC-2', 'GMT-2', '-0200']) {
      expect(startOf('tomorrow at 9am', { now: '2013-02-12T04:30:00-02:00', zone })).toBe('2013-02-13T09:00:00.000-02:00');
    }
    expect(startOf('tomorrow at 9am', { now: '2024-03-09T12:00:00', zone: '+05:30' })).toBe('2024-03-10T09:00:00.000+05:30');
    expect(startOf('next week', { now: '2024-03-09T12:00:00', zone: 'Asia/Kathmandu' })).toBe('2024-03-11T00:00:00.000+05:45');
  });

  it('reads a reference Date in the given zone', () => {
    const now = new Date('2024-06-30T23:30:00Z'); // already July 1st in Berlin
    expect(startOf('today', { now, zone: 'Europe/Berlin' })).toBe('2024-07-01T00:00:00.000+02:00');
    expect(startOf('today', { now, zone: 'UTC' })).toBe('2024-06-30T00:00:00.000+00:00');
  });

  it('converts times stated in another zone', () => {
    expect(startOf('Thursday 8:00 GMT')).toBe('2013-02-14T06:00:00.000-02:00');
    expect(startOf('Thu at 8 am PST')).toBe('2013-02-14T14:00:00.000-02:00');
  });

  it('rejects unknown zones loudly', () => {
    expect(() => resolveTimes('today', { now: REF.now, zone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});

describe('resolveTimes: intervals', () => {
  it.each([
    ['3-4pm', '2013-02-12T15:00:00.000-02:00', '2013-02-12T16:00:00.000-02:00'],
    ['from 9:30 to 11', '2013-02-12T09:30:00.000-02:00', '2013-02-12T11:00:00.000-02:00'],
    ['between 2 and 4pm', '2013-02-12T14:00:00.000-02:00', '2013-02-12T16:00:00.000-02:00'],
    ['9 to 11 on thursday', '2013-02-14T09:00:00.000-02:00', '2013-02-14T11:00:00.000-02:00'],
    ['July 13-15', '2013-07-13T00:00:00.000-02:00', '2013-07-16T00:00:00.000-02:00'],
    ['this evening', '2013-02-12T18:00:00.000-02:00', '2013-02-13T00:00:00.000-02:00'],
    ['tomorrow morning', '2013-02-13T04:00:00.000-02:00', '2013-02-13T12:00:00.000-02:00'],
    ['this weekend', '2013-02-15T18:00:00.000-02:00', '2013-02-18T00:00:00.000-02:00'],
    ['next 3 weeks', '2013-02-18T00:00:00.000-02:00', '2013-03-11T00:00:00.000-02:00'],
    ['end of the month', '2013-02-21T00:00:00.000-02:00', '2013-03-01T00:00:00.000-02:00'],
    ['at 3pm for two hours', '2013-02-12T15:00:00.000-02:00', '2013-02-12T17:00:00.000-02:00'],
    ['by EOD', '2013-02-12T04:30:00.000-02:00', '2013-02-13T00:00:00.000-02:00'],
  ])('%s', (text, start, end) => {
    const m = one(text);
    expect(m.kind).toBe('interval');
    expect(m.start).toBe(start);
    expect(m.end).toBe(end);
  });
});

describe('resolveTimes: open intervals', () => {
  it.each([
    ['after 5pm', 'open_after', '2013-02-12T17:00:00.000-02:00', null],
    ['since 2014', 'open_after', '2014-01-01T00:00:00.000-02:00', null],
    ['as soon as possible', 'open_after', '2013-02-12T04:30:00.000-02:00', null],
    ['before noon', 'open_before', null, '2013-02-12T12:00:00.000-02:00'],
    ['until friday', 'open_before', null, '2013-02-15T00:00:00.000-02:00'],
  ])('%s', (text, kind, start, end) => {
    const m = one(text);
    expect(m.kind).toBe(kind);
    expect(m.start).toBe(start);
    expect(m.end).toBe(end);
  });
});

describe('resolveTimes: negatives and latent readings', () => {
  it.each(['the a', 'laughing out loud', 'we are separated', 'this one', 'two three', 'Pay ABC 2000', 'at 650.650.6500', 'palm', 'email my boss', ''])(
    'finds nothing in %j',
    (text) => {
      expect(resolveTimes(text, REF)).toEqual([]);
    },
  );

  it('does not read a sentence-opening "now" as a time', () => {
    expect(resolveTimes('Now, can you add it to my calendar?', REF)).toEqual([]);
    expect(resolveTimes("now let's do friday", REF).map((m) => m.text)).toEqual(['friday']);
    expect(resolveTimes('schedule it now', REF).map((m) => m.text)).toEqual(['now']);
  });

  it('returns latent readings only on request', () => {
    expect(resolveTimes('7', REF)).toEqual([]);
    expect(resolveTimes('7', REF, { latent: true })[0]).toMatchObject({ start: '2013-02-12T07:00:00.000-02:00', latent: true });
  });

  it('finds several expressions in one text, in order', () => {
    const ms = resolveTimes('call bob tomorrow at noon and sync on friday at 7pm', REF);
    expect(ms.map((m) => m.text)).toEqual(['tomorrow at noon', 'on friday at 7pm']);
    expect(ms.map((m) => m.start)).toEqual(['2013-02-13T12:00:00.000-02:00', '2013-02-15T19:00:00.000-02:00']);
  });
});

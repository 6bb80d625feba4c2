import { describe, expect, it } from 'vitest';
import { localForm, type CalendarEvent } from './event';
import { expandEvent, parseRule, RecurrenceError } from './recurrence';
import { floatingMs, localToInstant } from './time';

const limits = { horizonFloating: floatingMs('2027-12-31'), maxInstances: 1_000 };

function weekly(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    id: 'standup',
    calendarId: 'work',
    title: 'Standup',
    start: { dateTime: '2026-10-19T09:00:00', timeZone: 'America/New_York' },
    end: { dateTime: '2026-10-19T09:30:00', timeZone: 'America/New_York' },
    attendees: [],
    status: 'confirmed',
    transparency: 'opaque',
    recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4', exdates: [] },
    ...overrides,
  };
}

describe('expandEvent', () => {
  it('keeps a weekly 09:00 meeting at 09:00 local across the November DST change', () => {
    const instances = expandEvent(weekly(), limits);
    expect(instances.map((i) => i.originalStart)).toEqual([
      '2026-10-19T09:00:00',
      '2026-10-26T09:00:00',
      '2026-11-02T09:00:00',
      '2026-11-09T09:00:00',
    ]);
    const utc = instances.map((i) => new Date(localToInstant((i.start as { dateTime: string }).dateTime, 'America/New_York')).toISOString());
    // EDT (UTC-4) before 1 November 2026, EST (UTC-5) after: the instant moves, the wall time does not.
    expect(utc).toEqual([
      '2026-10-19T13:00:00.000Z',
      '2026-10-26T13:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
      '2026-11-09T14:00:00.000Z',
    ]);
    expect(instances.every((i) => (i.end as { dateTime: string }).dateTime.endsWith('T09:30:00'))).toBe(true);
  });

  it('keeps 09:00 across the spring change in Europe/Berlin', () => {
    const event = weekly({
      start: { dateTime: '2027-03-22T09:00:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2027-03-22T10:00:00', timeZone: 'Europe/Berlin' },
      recurrence: { rule: 'FREQ=WEEKLY;COUNT=2', exdates: [] },
    });
    const [before, after] = expandEvent(event, limits);
    expect(new Date(localToInstant((before!.start as { dateTime: string }).dateTime, 'Europe/Berlin')).toISOString()).toBe('2027-03-22T08:00:00.000Z');
    expect(new Date(localToInstant((after!.start as { dateTime: string }).dateTime, 'Europe/Berlin')).toISOString()).toBe('2027-03-29T07:00:00.000Z');
  });

  it('skips excluded instances', () => {
    const instances = expandEvent(weekly({ recurrence: { rule: 'FREQ=WEEKLY;COUNT=3', exdates: ['2026-10-26T09:00:00'] } }), limits);
    expect(instances.map((i) => i.originalStart)).toEqual(['2026-10-19T09:00:00', '2026-11-02T09:00:00']);
  });

  it('reads a UTC UNTIL in the event zone', () => {
    // 14:00Z on 2 Nov is 09:00 EST: that instance is the last one included.
    const instances = expandEvent(weekly({ recurrence: { rule: 'FREQ=WEEKLY;UNTIL=20261102T140000Z', exdates: [] } }), limits);
    expect(instances.at(-1)?.originalStart).toBe('2026-11-02T09:00:00');
  });

  it('expands all-day events by date, keeping their length in days', () => {
    const instances = expandEvent(
      weekly({ start: { date: '2026-12-24' }, end: { date: '2026-12-26' }, recurrence: { rule: 'FREQ=YEARLY;COUNT=2', exdates: [] } }),
      limits,
    );
    expect(instances).toEqual([
      { originalStart: '2026-12-24', start: { date: '2026-12-24' }, end: { date: '2026-12-26' } },
      { originalStart: '2027-12-24', start: { date: '2027-12-24' }, end: { date: '2027-12-26' } },
    ]);
  });

  it('stops at the horizon and at the instance cap', () => {
    const endless = weekly({ recurrence: { rule: 'FREQ=DAILY', exdates: [] } });
    expect(expandEvent(endless, { horizonFloating: floatingMs('2026-10-22'), maxInstances: 100 })).toHaveLength(3);
    expect(expandEvent(endless, { horizonFloating: floatingMs('2030-01-01'), maxInstances: 10 })).toHaveLength(10);
  });

  it('returns the event itself when it does not repeat', () => {
    const single = weekly({ recurrence: undefined });
    expect(expandEvent(single, limits)).toEqual([{ originalStart: localForm(single.start), start: single.start, end: single.end }]);
  });
});

describe('parseRule', () => {
  it('rejects rules without FREQ or with garbage', () => {
    expect(() => parseRule('BYDAY=MO')).toThrow(RecurrenceError);
    expect(() => parseRule('FREQ=WEEKLY;BYDAY=XX')).toThrow(RecurrenceError);
  });
});

import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { EventTime } from '../../../src/domain/event';
import { localToInstant, zoneOf } from '../../../src/domain/time';
import { InvalidProviderDataError, type ItemContent, type ProviderEvent } from '../connector';
import { fromICalendar, toICalendar } from './ics';
import { vtimezoneFor } from './timezones';

const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Pacific/Chatham', 'Africa/Casablanca', 'Europe/London', '+05:45', '-03:00'];
const RULES = ['FREQ=DAILY;COUNT=10', 'FREQ=WEEKLY;BYDAY=MO,WE', 'FREQ=MONTHLY;BYMONTHDAY=15;INTERVAL=2', 'FREQ=YEARLY', 'FREQ=WEEKLY;UNTIL=20301231T235959Z'].map((rule) =>
  ICAL.Recur.fromString(rule).toString(),
);

const DAY_AND_HALF_MS = 36 * 3_600_000;
const pad = (value: number) => String(value).padStart(2, '0');
const localDate = fc.record({ year: fc.integer({ min: 1995, max: 2040 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) }).map(({ year, month, day }) => `${year}-${pad(month)}-${pad(day)}`);
const localDateTime = fc
  .tuple(localDate, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom(0, 30, 59))
  .map(([date, hour, minute, second]) => `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}`);
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('Stand-up; room 4, floor 2', 'line one\nline two', 'back\\slash'));
const email = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}$/), fc.constantFrom('example.org', 'mail.test')).map(([user, domain]) => `${user}@${domain}`);
// RFC 5545 has no escape for a double quote in a parameter value, and ical.js reads a backslash
// before a space in one as an escape.
const personName = fc.string({ minLength: 1, maxLength: 20 }).filter((name) => !/["\\]/.test(name));
const attendee = fc.record(
  { name: personName, email, response: fc.constantFrom('needsAction', 'accepted', 'declined', 'tentative'), optional: fc.boolean() },
  { requiredKeys: ['email', 'response', 'optional'] },
);

interface Shape {
  allDay: boolean;
  zone: string;
}

function timeArbitrary(shape: Shape): fc.Arbitrary<{ start: EventTime; end: EventTime; key: string }> {
  if (shape.allDay) {
    return fc.tuple(localDate, fc.integer({ min: 1, max: 3 })).map(([date, days]) => {
      const end = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
      return { start: { date }, end: { date: end }, key: date };
    });
  }
  return fc.tuple(localDateTime, fc.integer({ min: 0, max: 600 }), fc.constantFrom(...ZONES)).map(([dateTime, minutes, endZone]) => {
    const end = new Date(Date.parse(`${dateTime}Z`) + minutes * 60_000).toISOString().slice(0, 19);
    const zone = minutes % 7 === 0 ? endZone : shape.zone;
    return { start: { dateTime, timeZone: shape.zone }, end: { dateTime: end, timeZone: zone }, key: dateTime };
  });
}

function eventArbitrary(shape: Shape): fc.Arbitrary<ProviderEvent> {
  return fc
    .record(
      {
        times: timeArbitrary(shape),
        title: text,
        location: text,
        description: text,
        attendees: fc.array(attendee, { maxLength: 3 }),
        organizer: fc.record({ name: personName, email }, { requiredKeys: [] }),
        status: fc.constantFrom('confirmed', 'tentative', 'cancelled'),
        transparency: fc.constantFrom('opaque', 'transparent'),
      },
      { requiredKeys: ['times', 'title', 'attendees', 'status', 'transparency'] },
    )
    .map(({ times, ...rest }) => ({ ...rest, start: times.start, end: times.end }) as ProviderEvent);
}

const item: fc.Arbitrary<ItemContent> = fc
  .record({ allDay: fc.boolean(), zone: fc.constantFrom(...ZONES) })
  .chain((shape) =>
    fc.record({
      uid: fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9@._-]{1,40}$/)),
      master: eventArbitrary(shape),
      rule: fc.option(fc.constantFrom(...RULES)),
      exdates: fc.uniqueArray(shape.allDay ? localDate : localDateTime, { maxLength: 3 }),
      overrides: fc.uniqueArray(fc.tuple(shape.allDay ? localDate : localDateTime, eventArbitrary({ ...shape, zone: shape.zone })), { maxLength: 3, selector: ([key]) => key }),
    }),
  )
  .map(({ uid, master, rule, exdates, overrides }) => {
    if (rule === null) return { uid, events: [master] };
    const exceptions = overrides.map(([originalStart, event]) => ({ ...event, originalStart })).sort((a, b) => a.originalStart.localeCompare(b.originalStart));
    return { uid, events: [{ ...master, recurrence: { rule, exdates } }, ...exceptions] };
  });

describe('iCalendar mapping', () => {
  it('reads back what it writes: timed, all-day, recurring with overrides, any zone', () => {
    fc.assert(
      fc.property(item, (content) => {
        expect(fromICalendar(toICalendar(content))).toEqual(content);
      }),
      { numRuns: 300 },
    );
  });

  it('writes VTIMEZONEs that give the same UTC offsets as the IANA database', () => {
    const zone = fc.constantFrom(...ZONES.filter((name) => name !== 'UTC'), 'Europe/Dublin', 'America/St_Johns', 'Australia/Sydney', 'America/Santiago');
    fc.assert(
      fc.property(zone, localDateTime, (name, local) => {
        const year = Number(local.slice(0, 4));
        const vtimezone = new ICAL.Timezone(ICAL.Component.fromString(vtimezoneFor(name, year - 1, year + 1)));
        const instant = localToInstant(local, name);
        const offsetAt = (ms: number) => zoneOf(name).offset(ms);
        // Within a DST gap or overlap a wall time has no single reading: sample away from them.
        fc.pre(offsetAt(instant - DAY_AND_HALF_MS) === offsetAt(instant) && offsetAt(instant + DAY_AND_HALF_MS) === offsetAt(instant));
        expect(vtimezone.utcOffset(ICAL.Time.fromDateTimeString(local))).toBe(offsetAt(instant) * 60);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps an open-ended series right after the scanned years through yearly rules', () => {
    const vtimezone = new ICAL.Timezone(ICAL.Component.fromString(vtimezoneFor('Europe/Berlin', 2025, 2027)));
    expect(vtimezone.utcOffset(ICAL.Time.fromDateTimeString('2035-07-01T12:00:00'))).toBe(7_200);
    expect(vtimezone.utcOffset(ICAL.Time.fromDateTimeString('2035-12-01T12:00:00'))).toBe(3_600);
  });
});

const calendarWith = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const vevent = (...lines: string[]) => ['BEGIN:VEVENT', 'UID:u1', 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'];

describe('reading what other clients write', () => {
  it('maps Outlook time zone names and vendor-prefixed TZIDs to IANA zones', () => {
    const outlook = fromICalendar(calendarWith(...vevent('DTSTART;TZID=W. Europe Standard Time:20260302T090000', 'DTEND;TZID="W. Europe Standard Time":20260302T100000')));
    expect(outlook.events[0]?.start).toEqual({ dateTime: '2026-03-02T09:00:00', timeZone: 'Europe/Berlin' });
    expect(outlook.events[0]?.end).toEqual({ dateTime: '2026-03-02T10:00:00', timeZone: 'Europe/Berlin' });
    const mozilla = fromICalendar(calendarWith(...vevent('DTSTART;TZID=/mozilla.org/20050126_1/America/Argentina/Buenos_Aires:20260302T090000')));
    expect(mozilla.events[0]?.start).toEqual({ dateTime: '2026-03-02T09:00:00', timeZone: 'America/Argentina/Buenos_Aires' });
  });

  it('matches a custom VTIMEZONE to a zone with the same offsets, else keeps its offset', () => {
    const custom = [
      'BEGIN:VTIMEZONE',
      'TZID:My Office Time',
      'BEGIN:STANDARD',
      'DTSTART:19701025T030000',
      'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:19700329T020000',
      'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
    ];
    const matched = fromICalendar(calendarWith(...custom, ...vevent('DTSTART;TZID=My Office Time:20260302T090000')));
    expect(matched.events[0]?.start).toEqual({ dateTime: '2026-03-02T09:00:00', timeZone: 'Europe/Berlin' });
    const odd = ['BEGIN:VTIMEZONE', 'TZID:Odd', 'BEGIN:STANDARD', 'DTSTART:19700101T000000', 'TZOFFSETFROM:+0317', 'TZOFFSETTO:+0317', 'END:STANDARD', 'END:VTIMEZONE'];
    const unmatched = fromICalendar(calendarWith(...odd, ...vevent('DTSTART;TZID=Odd:20260302T090000')));
    expect(unmatched.events[0]?.start).toEqual({ dateTime: '2026-03-02T09:00:00', timeZone: '+03:17' });
  });

  it('reads UTC times, floating times in the calendar zone, DURATION and a missing DTEND', () => {
    const utc = fromICalendar(calendarWith(...vevent('DTSTART:20260302T090000Z', 'DURATION:PT1H30M')));
    expect(utc.events[0]).toMatchObject({ start: { dateTime: '2026-03-02T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-03-02T10:30:00', timeZone: 'UTC' }, title: '' });
    const floating = fromICalendar(calendarWith(...vevent('DTSTART:20260302T090000', 'DURATION:P1D')), { defaultTimeZone: 'Asia/Tokyo' });
    expect(floating.events[0]).toMatchObject({ start: { dateTime: '2026-03-02T09:00:00', timeZone: 'Asia/Tokyo' }, end: { dateTime: '2026-03-03T09:00:00', timeZone: 'Asia/Tokyo' } });
    const allDay = fromICalendar(calendarWith(...vevent('DTSTART;VALUE=DATE:20260302')));
    expect(allDay.events[0]).toMatchObject({ start: { date: '2026-03-02' }, end: { date: '2026-03-03' } });
    // Across the spring-forward night a day is 23 hours: P1D keeps the wall time.
    const acrossDst = fromICalendar(calendarWith(...vevent('DTSTART;TZID=Europe/Berlin:20260328T090000', 'DURATION:P1DT1H')));
    expect(acrossDst.events[0]?.end).toEqual({ dateTime: '2026-03-29T10:00:00', timeZone: 'Europe/Berlin' });
  });

  it('puts overrides and EXDATEs written in another zone or in UTC into the master’s local form', () => {
    const parsed = fromICalendar(
      calendarWith(
        ...vevent('DTSTART;TZID=America/New_York:20260302T090000', 'DTEND;TZID=America/New_York:20260302T100000', 'RRULE:FREQ=DAILY;COUNT=20', 'EXDATE:20260304T140000Z,20260305T140000Z'),
        ...vevent('RECURRENCE-ID:20260303T140000Z', 'DTSTART;TZID=America/New_York:20260303T110000', 'DTEND;TZID=America/New_York:20260303T120000', 'SUMMARY:later'),
      ),
    );
    expect(parsed.events[0]?.recurrence).toEqual({ rule: 'FREQ=DAILY;COUNT=20', exdates: ['2026-03-04T09:00:00', '2026-03-05T09:00:00'] });
    expect(parsed.events[1]).toMatchObject({ title: 'later', originalStart: '2026-03-03T09:00:00' });
  });

  it('reads attendees, organizer, status and transparency', () => {
    const parsed = fromICalendar(
      calendarWith(
        ...vevent(
          'DTSTART:20260302T090000Z',
          'STATUS:TENTATIVE',
          'TRANSP:TRANSPARENT',
          'ORGANIZER;CN=Boss:MAILTO:boss@example.org',
          'ATTENDEE;CN=Ann;PARTSTAT=DECLINED:mailto:ann@example.org',
          'ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=DELEGATED:mailto:bob@example.org',
          'X-UNKNOWN:dropped',
        ),
      ),
    );
    expect(parsed.events[0]).toMatchObject({
      status: 'tentative',
      transparency: 'transparent',
      organizer: { name: 'Boss', email: 'boss@example.org' },
      attendees: [
        { name: 'Ann', email: 'ann@example.org', response: 'declined', optional: false },
        { email: 'bob@example.org', response: 'needsAction', optional: true },
      ],
    });
  });

  it('refuses what is not one readable item, saying why', () => {
    const cases: Array<[string, RegExp]> = [
      ['not a calendar at all', /not iCalendar/],
      [calendarWith('BEGIN:VTODO', 'UID:t', 'END:VTODO'), /no VEVENT/],
      [calendarWith(...vevent('DTSTART:20260302T090000Z'), 'BEGIN:VEVENT', 'UID:other', 'DTSTART:20260302T090000Z', 'END:VEVENT'), /one UID/],
      [calendarWith(...vevent('RECURRENCE-ID:20260302T090000Z', 'DTSTART:20260302T090000Z')), /only overrides/],
      [calendarWith(...vevent('SUMMARY:no start')), /no DTSTART/],
      [calendarWith(...vevent('DTSTART:20261302T090000Z')), /u1/],
    ];
    for (const [source, message] of cases) {
      expect(() => fromICalendar(source)).toThrow(InvalidProviderDataError);
      expect(() => fromICalendar(source)).toThrow(message);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { analyzeTimes } from './analyze';
import { findDurations } from './durations';
import { partOfDayRange } from './parts-of-day';
import { findRecurrences } from './recurrence';
import { findReminderOffsets } from './reminders';

describe('findDurations', () => {
  it.each([
    ['meet for two hours tomorrow', 'two hours', 120, true],
    ['block an hour and a half', 'an hour and a half', 90, false],
    ['a 30 minute call', '30 minute', 30, false],
    ['for half an hour', 'half an hour', 30, true],
    ['for 3 days', '3 days', 4320, true],
  ])('%s', (text, span, minutes, isFor) => {
    const [d] = findDurations(text);
    expect(d).toMatchObject({ text: span, minutes, isFor });
  });

  it('gives no minutes for units of varying length', () => {
    expect(findDurations('for two months')[0]).toMatchObject({ value: 2, grain: 'month', minutes: null });
  });
});

describe('findRecurrences', () => {
  it.each([
    ['every other tuesday', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU'],
    ['every second tuesday', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU'],
    ['standup every weekday at 9', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'],
    ['gym on mondays and thursdays', 'FREQ=WEEKLY;BYDAY=MO,TH'],
    ['every tuesday and thursday at 5pm', 'FREQ=WEEKLY;BYDAY=TU,TH'],
    ['pay rent on the first of every month', 'FREQ=MONTHLY;BYMONTHDAY=1'],
    ['the first monday of every month', 'FREQ=MONTHLY;BYDAY=1MO'],
    ['every last friday of the month', 'FREQ=MONTHLY;BYDAY=-1FR'],
    ['every three days', 'FREQ=DAILY;INTERVAL=3'],
    ['biweekly sync', 'FREQ=WEEKLY;INTERVAL=2'],
    ['every march 3rd', 'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3'],
    ['every day for 5 days', 'FREQ=DAILY;COUNT=5'],
    ['daily at noon', 'FREQ=DAILY'],
  ])('%s -> %s', (text, rrule) => {
    const [r] = findRecurrences(text);
    expect(r?.rrule).toBe(rrule);
    expect(text.slice(r!.span.start, r!.span.end)).toBe(r!.text);
  });

  it('finds no recurrence in a one-off', () => {
    expect(findRecurrences('lunch on tuesday')).toEqual([]);
    expect(findRecurrences('next monday at 9')).toEqual([]);
  });
});

describe('findReminderOffsets', () => {
  it.each([
    ['remind me ten minutes before', 10],
    ['alert me an hour before the meeting', 60],
    ['notify me a day in advance', 1440],
    ['remind me 2 days ahead', 2880],
  ])('%s', (text, minutes) => {
    expect(findReminderOffsets(text)[0]?.minutes).toBe(minutes);
  });

  it('leaves "10 minutes before 5pm" to the time resolver', () => {
    expect(findReminderOffsets('call 10 minutes before 5pm')).toEqual([]);
  });
});

describe('partOfDayRange', () => {
  it('maps words to hour ranges', () => {
    expect(partOfDayRange('morning')).toMatchObject({ startHour: 4, endHour: 12 });
    expect(partOfDayRange('Evening')).toMatchObject({ startHour: 18, endHour: 24 });
    expect(partOfDayRange('lunchtime')).toMatchObject({ name: 'lunch' });
    expect(partOfDayRange('teatime')).toBeUndefined();
  });
});

describe('analyzeTimes', () => {
  it('collects times, durations, recurrences and reminders from one utterance', () => {
    const a = analyzeTimes('team sync every other tuesday at ten thirty for forty five minutes, remind me 10 minutes before', {
      now: '2013-02-12T04:30:00-02:00',
      zone: '-02:00',
    });
    expect(a.recurrences.map((r) => r.rrule)).toEqual(['FREQ=WEEKLY;INTERVAL=2;BYDAY=TU']);
    expect(a.durations.some((d) => d.minutes === 45 && d.isFor)).toBe(true);
    expect(a.reminders.map((r) => r.minutes)).toEqual([10]);
    expect(a.times.some((t) => t.start === '2013-02-12T10:30:00.000-02:00')).toBe(true);
  });
});

import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../tokens';
import { combineWhen, valueOf } from './resolve';
import { tagTemporal } from './tagger';

// Wednesday 2026-03-04, 09:00 in New York.
const now = DateTime.fromISO('2026-03-04T09:00:00', { zone: 'America/New_York' });

function tags(text: string): { type: string; text: string; value: unknown }[] {
  const tokens = tokenize(text);
  return tagTemporal(tokens).map((tag) => ({
    type: tag.type,
    text: text.slice(tokens[tag.from]!.start, tokens[tag.to]!.end),
    value: valueOf(tag.meaning, now),
  }));
}

describe('tagTemporal', () => {
  it.each([
    ['is there any program for tomorrow evening', [['date', 'tomorrow'], ['time_of_day', 'evening']]],
    ['set a reminder for next saturday at five o\'clock', [['date', 'next saturday'], ['time', "five o'clock"]]],
    ['anything this saturday between two and four pm', [['date', 'this saturday'], ['time', 'two'], ['time', 'four pm']]],
    ['remove thursday\'s lunch', [['date', "thursday's"]]],
    ['the meeting on the twenty second of january', [['date', 'the twenty second of january']]],
    ['cancel my meeting on the fourteenth', [['date', 'fourteenth']]],
    ['what is on in march', [['date', 'march']]],
    ['it may rain', []],
    ['remind me in ten minutes', [['time', 'ten minutes']]],
    ['for an hour and a half', [['duration', 'an hour and a half']]],
    ['ping me fifteen minutes before', [['reminder_offset', 'fifteen minutes before']]],
    ['every other tuesday at 7:30am', [['recurrence', 'every other tuesday'], ['time', '7:30am']]],
    ['clear the rest of the week', [['date', 'rest of the week']]],
    ['see you at 1760 Polk Street', []],
    ['meet at twelve noon', [['time', 'twelve noon']]],
    ['pay rent on the fifteenth of every month', [['recurrence', 'fifteenth of every month']]],
    ['what are my weekend plans', [['date', 'weekend']]],
    ['show me my weekly schedule', []],
  ])('%s', (text, expected) => {
    expect(tags(text).map((t) => [t.type, t.text])).toEqual(expected);
  });

  it('resolves values in the user zone', () => {
    const [date, time] = tags('next friday at 3:15 pm');
    expect(date?.value).toEqual({ kind: 'date', start: '2026-03-13', end: '2026-03-14', grain: 'day' });
    expect(time?.value).toEqual({ kind: 'time', time: '15:15' });
    expect(tags('every june third')[0]?.value).toEqual({ kind: 'recurrence', rrule: 'FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=3' });
    expect(tags('this weekend')[0]?.value).toEqual({ kind: 'date', start: '2026-03-07', end: '2026-03-09', grain: 'weekend' });
    expect(tags('the first of each month')[0]?.value).toEqual({ kind: 'recurrence', rrule: 'FREQ=MONTHLY;BYMONTHDAY=1' });
  });

  it('keeps wall-clock times across a DST change', () => {
    // US clocks go forward on Sunday 2026-03-08: "sunday at 9" is 09:00 EDT (-04:00), not 10:00.
    const tokens = tokenize('sunday at 9 am');
    const when = combineWhen(tagTemporal(tokens).map((t) => t.meaning), now);
    expect(when).toEqual({ start: '2026-03-08T09:00:00-04:00', allDay: false, grain: 'minute' });
  });

  it('reads a bare hour the way meetings are booked', () => {
    const when = combineWhen(tagTemporal(tokenize('friday at 3')).map((t) => t.meaning), now);
    expect(when?.start).toBe('2026-03-06T15:00:00-05:00');
  });
});

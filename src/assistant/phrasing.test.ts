import { describe, expect, it } from 'vitest';
import { localToInstant } from '../domain/time';
import { Phrasing, spokenDuration } from './phrasing';
import { ruleInWords } from './rule-words';

const zone = 'Europe/Berlin';
const say = new Phrasing(zone, localToInstant('2026-03-23T08:30:00', zone));
const at = (local: string) => localToInstant(local, zone);

describe('phrasing times', () => {
  it('writes short days within the week and dated days beyond it', () => {
    expect(say.hudRange(at('2026-03-26T10:00:00'), at('2026-03-26T10:30:00'))).toBe('Thu 10:00–10:30');
    expect(say.hudRange(at('2026-03-30T10:00:00'), at('2026-03-30T10:30:00'))).toBe('Mon 30 Mar 10:00–10:30');
    expect(say.hudRange(at('2026-03-26T23:00:00'), at('2026-03-27T00:00:00'))).toBe('Thu 23:00–00:00');
  });

  it('speaks clock times the way people say them', () => {
    expect(say.spokenClock(at('2026-03-26T12:00:00'))).toBe('noon');
    expect(say.spokenClock(at('2026-03-26T00:00:00'))).toBe('midnight');
    expect(say.spokenSpan(at('2026-03-26T10:00:00'), at('2026-03-26T10:30:00'))).toBe('from 10 to 10:30 a.m.');
    expect(say.spokenSpan(at('2026-03-26T11:30:00'), at('2026-03-26T12:30:00'))).toBe('from 11:30 a.m. to 12:30 p.m.');
    expect(say.spokenAt(at('2026-03-24T14:05:00'))).toBe('tomorrow at 2:05 p.m.');
    expect(say.spokenAt(at('2026-04-02T09:00:00'))).toBe('on Thursday, April 2 at 9 a.m.');
  });

  it('speaks lengths and rules', () => {
    expect([15, 60, 90, 150, 135].map(spokenDuration)).toEqual(['15 minutes', 'an hour', 'an hour and a half', '2 and a half hours', '2 hours 15 minutes']);
    expect(ruleInWords('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR')).toBe('every weekday');
    expect(ruleInWords('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU')).toBe('every other Tuesday');
    expect(ruleInWords('FREQ=DAILY')).toBe('every day');
    expect(ruleInWords('FREQ=MONTHLY;INTERVAL=3')).toBe('every 3 months');
  });
});

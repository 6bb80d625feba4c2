import { describe, expect, it } from 'vitest';
import { civil } from './civil';
import { chineseNewYear, easterSunday, hebrewDate, islamicDates, orthodoxEaster } from './calendars';
import { MONTH, sankranti, tithiDays } from './hindu';
import { lastDow, nthDow } from './holidays';

const day = (t: number | undefined): string => (t === undefined ? 'none' : new Date(t).toISOString().slice(0, 10));

describe('calendar computations', () => {
  it('computes Easter (Western and Orthodox)', () => {
    expect(day(easterSunday(2013))).toBe('2013-03-31');
    expect(day(easterSunday(2024))).toBe('2024-03-31');
    expect(day(orthodoxEaster(2018))).toBe('2018-04-08');
    expect(day(orthodoxEaster(2024))).toBe('2024-05-05');
  });

  it('finds n-th and last weekdays of a month', () => {
    expect(day(nthDow(2013, 4, 4, 11))).toBe('2013-11-28'); // thanksgiving
    expect(day(nthDow(2012, 4, 4, 11))).toBe('2012-11-22');
    expect(day(lastDow(2013, 1, 5))).toBe('2013-05-27'); // memorial day
  });

  it('reads Hebrew, Islamic and Chinese dates from ICU', () => {
    expect(day(hebrewDate(2018, 'tishri', 1))).toBe('2018-09-10'); // Rosh Hashanah 5779
    expect(day(hebrewDate(2018, 'kislev', 25))).toBe('2018-12-03'); // first day of Hanukkah
    expect(islamicDates(2018, 12, 10).map(day)).toEqual(['2018-08-21']); // Eid al-Adha
    expect(day(chineseNewYear(2014))).toBe('2014-01-31');
  });

  it('computes Hindu festival days (panchang for New Delhi)', () => {
    expect(tithiDays(2018, MONTH.chaitra, 1).map(day)).toEqual(['2018-03-18']); // Ugadi
    expect(tithiDays(2020, MONTH.chaitra, 9).map(day)).toEqual(['2020-04-02']); // Rama Navami
    expect(tithiDays(2019, MONTH.shravana, 23, 'midnight').map(day)).toEqual(['2019-08-23']); // Janmashtami
    expect(tithiDays(2018, MONTH.ashvin, 28, 'sunset').map(day)).toEqual(['2018-11-05']); // Dhanteras (Diwali +2)
    expect(day(sankranti(2018, 9))).toBe('2018-01-14'); // Makar Sankranti
    expect(day(sankranti(2019, 9))).toBe('2019-01-15'); // after sunset: the next day
  });

  it('builds civil dates for years below 100 literally', () => {
    expect(new Date(civil(14, 1, 1)).getUTCFullYear()).toBe(14);
  });
});

/** Times of day ("3pm", "15h30", "a quarter past noon"), parts of day, zones ("8am PST"). */
import type { Rule } from '../engine';
import { PARTS_OF_DAY, type PartOfDayName } from '../parts-of-day';
import {
  durationBefore,
  hour,
  hourMinute,
  hourMinuteSecond,
  inTimezone,
  interval,
  intersect,
  minutesAfter,
  minutesBefore,
  mkLatent,
  notLatent,
  timeOfDayAmPm,
  today,
  withForm,
  type PartOfDay,
  type TimeData,
} from '../time-data';
import { grp, isFinerThan, isHourOfDay, isInt, isNotLatentTod, isPod, isTime, isTod, nAt, p, re, rule, tAt, time } from './dsl';

const AMPM = '(?:in the )?([ap])(?:\\s|\\.)?(m?)\\.?';

/** Standard abbreviations, offset in minutes east of UTC. */
const ZONES: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, Z: 0, WET: 0, WEST: 60, BST: 60, IST: 330, CET: 60, CEST: 120, MET: 60, MEST: 120,
  EET: 120, EEST: 180, MSK: 180, MSD: 240, GST: 240, PKT: 300, ICT: 420, WIB: 420, SGT: 480, HKT: 480,
  AWST: 480, PHT: 480, JST: 540, KST: 540, ACST: 570, ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420, AKST: -540,
  AKDT: -480, HST: -600, AST: -240, ADT: -180, NST: -210, NDT: -150, BRT: -180, ART: -180,
};
const ZONE_RE = Object.keys(ZONES).sort((a, b) => b.length - a.length).join('|');

const POD_HOURS: Readonly<Record<string, [number, number, PartOfDay]>> = {
  morning: hoursOf('morning', 'morning'),
  evening: hoursOf('evening', 'evening'),
  night: hoursOf('night', 'night'),
  lunch: hoursOf('lunch', 'lunch'),
  afternoon: hoursOf('afternoon', 'afternoon'),
};

function hoursOf(name: PartOfDayName, pod: PartOfDay): [number, number, PartOfDay] {
  const r = PARTS_OF_DAY[name];
  return [r.startHour, r.endHour % 24, pod];
}

export function partOfDay(from: number, to: number, pod: PartOfDay): TimeData {
  return withForm(interval(false, hour(false, from), hour(false, to)), { k: 'pod', pod });
}

/** Whether a written hour could be on a 12-hour clock ("8" yes; "08", "0", "15" no). */
function twelveHour(h: string): boolean {
  const n = Number(h);
  return !h.startsWith('0') && n >= 1 && n <= 12;
}

function ampmOf(c: Parameters<Rule['prod']>[0], i: number): 'am' | 'pm' {
  return grp(c, i, 1) === 'a' ? 'am' : 'pm';
}

export const clockRules: readonly Rule[] = [
  rule('time-of-day (latent)', [p(isInt(0, 23))], (c) => {
    const n = nAt(c, 0);
    return time(mkLatent(hour(n < 13, n)));
  }),
  rule('at <time-of-day>', [re('at|@'), p(isTod)], (c) => time(notLatent(tAt(c, 1)))),
  rule("<time-of-day> o'clock", [p(isTod), re("o.?clock")], (c) => time(notLatent(tAt(c, 0))), 'clock'),
  // "08:30" and "0:30" are 24-hour notation; "8:30" may be morning or evening.
  rule('hh:mm', [re('((?:[01]?\\d)|(?:2[0-3]))[:.]([0-5]\\d)')], (c) =>
    time(hourMinute(twelveHour(grp(c, 0, 1)), Number(grp(c, 0, 1)), Number(grp(c, 0, 2)))),
  ),
  rule('hh:mm:ss', [re('((?:[01]?\\d)|(?:2[0-3]))[:.]([0-5]\\d)[:.]([0-5]\\d)')], (c) =>
    time(hourMinuteSecond(twelveHour(grp(c, 0, 1)), Number(grp(c, 0, 1)), Number(grp(c, 0, 2)), Number(grp(c, 0, 3)))),
  ),
  rule('hhmm (latent)', [re('((?:[01]?\\d)|(?:2[0-3]))([0-5]\\d)(?!.\\d)')], (c) =>
    time(mkLatent(hourMinute(true, Number(grp(c, 0, 1)), Number(grp(c, 0, 2))))),
  ),
  rule('hh"h"mm', [re('((?:[01]?\\d)|(?:2[0-3]))h(?:([0-5]\\d))?')], (c) =>
    time(hourMinute(true, Number(grp(c, 0, 1)), Number(grp(c, 0, 2) || '0'))),
  ),
  rule('hhmm (military) am|pm', [re('((?:1[012]|0?\\d))([0-5]\\d)'), re('([ap])\\.?m?\\.?')], (c) =>
    time(timeOfDayAmPm(ampmOf(c, 1), hourMinute(true, Number(grp(c, 0, 1)), Number(grp(c, 0, 2))))),
  ),
  rule('<hour> <minutes> am|pm', [p(isInt(1, 12)), p(isInt(10, 59)), re(AMPM)], (c) =>
    time(timeOfDayAmPm(ampmOf(c, 2), hourMinute(true, nAt(c, 0), nAt(c, 1)))),
  ),
  rule('<time-of-day> am|pm', [p(isTod), re(AMPM)], (c) => {
    const t = tAt(c, 0);
    const hasM = grp(c, 1, 2) !== '';
    if (t.latent && !hasM) return time(mkLatent(timeOfDayAmPm(ampmOf(c, 1), t)));
    if (t.form?.k === 'tod' && t.form.hours !== undefined && t.form.hours < 13) {
      return time(notLatent(timeOfDayAmPm(ampmOf(c, 1), t)));
    }
    return undefined;
  }),
  rule('<hour-of-day> <integer>', [p(isHourOfDay), p(isInt(1, 59))], (c) => {
    const t = tAt(c, 0);
    if (t.form?.k !== 'tod' || t.form.hours === undefined) return undefined;
    const r = hourMinute(t.form.is12H, t.form.hours, nAt(c, 1));
    return time(t.latent ? mkLatent(r) : r);
  }),
  rule('<hour-of-day> half', [p(isHourOfDay), re('half')], (c) => time(minutesAfter(30, tAt(c, 0)))),
  rule('<hour-of-day> quarter', [p(isHourOfDay), re('(?:a|one)? ?quarter')], (c) => time(minutesAfter(15, tAt(c, 0)))),
  // "ten to five" is 4:50, but "9 to 11" is a range: only round minutes count backwards.
  rule('<integer> to|till|before <hour-of-day>', [p((d) => isInt(1, 59)(d) && d.kind === 'num' && d.value % 5 === 0), re('(?:minutes? )?(?:to|till|before|of)'), p(isHourOfDay)], (c) =>
    time(minutesBefore(nAt(c, 0), tAt(c, 2))),
  ),
  rule('half to|till|before <hour-of-day>', [re('half (?:to|till|before|of)'), p(isHourOfDay)], (c) => time(minutesBefore(30, tAt(c, 1)))),
  rule('quarter to|till|before <hour-of-day>', [re('(?:a|one)? ?quarter (?:to|till|before|of)'), p(isHourOfDay)], (c) =>
    time(minutesBefore(15, tAt(c, 1))),
  ),
  rule('<integer> after|past <hour-of-day>', [p(isInt(1, 59)), re('(?:minutes? )?(?:after|past)'), p(isHourOfDay)], (c) =>
    time(minutesAfter(nAt(c, 0), tAt(c, 2))),
  ),
  rule('half after|past <hour-of-day>', [re('half (?:after|past)'), p(isHourOfDay)], (c) => time(minutesAfter(30, tAt(c, 1)))),
  rule('quarter after|past <hour-of-day>', [re('(?:a|one)? ?quarter (?:after|past)'), p(isHourOfDay)], (c) =>
    time(minutesAfter(15, tAt(c, 1))),
  ),
  rule('half <hour-of-day> (UK)', [re('half'), p(isHourOfDay)], (c) => time(minutesAfter(30, tAt(c, 1)))),
  rule('noon|midnight|EOD', [re('noon|mid ?day|midni(?:ght|te)|(?:the )?(?:eod|end of (?:the )?day)')], (c) =>
    time(hour(false, grp(c, 0) === 'noon' || grp(c, 0).startsWith('mid') && grp(c, 0).endsWith('day') ? 12 : 0)),
  ),
  rule('<time-of-day> sharp|exactly', [p(isTod), re('sharp|exactly|-?ish|approximately')], (c) => time(notLatent(tAt(c, 0)))),
  rule('about|exactly <time>', [re('about|around|approximately|exactly|roughly|approx\\.?'), p(isFinerThan('year'))], (c) =>
    time(notLatent(tAt(c, 1))),
  ),
  rule('<time-of-day> <timezone>', [p((d) => isNotLatentTod(d) && d.kind === 'time' && !d.t.hasTimezone), re(`\\(?(${ZONE_RE})\\)?`)], (c) => {
    const offset = ZONES[grp(c, 1, 1).toUpperCase()];
    return offset === undefined ? undefined : time(inTimezone(tAt(c, 0), offset));
  }),

  // --- parts of day ---
  rule('part of day', [re('morning|after ?noo?n(?:ish)?|evening|night|(?:at )?lunch ?time|(?:at )?lunch')], (c) => {
    const w = grp(c, 0).replace(/^at /, '');
    const key = w.startsWith('after') ? 'afternoon' : w.startsWith('lunch') ? 'lunch' : w;
    const h = POD_HOURS[key];
    if (!h) return undefined;
    // "at lunch" and "lunchtime" name a time on their own; a bare "morning" is latent.
    const explicit = grp(c, 0).startsWith('at ') || grp(c, 0).endsWith('time');
    const pod = partOfDay(h[0], h[1], h[2]);
    return time(explicit ? pod : mkLatent(pod));
  }),
  rule('midnight tonight', [re('(?:midnight tonight|tonight at midnight)')], () => time(hour(false, 0)), 'midnight'),
  rule('12 noon|midnight', [p(isInt(12, 12)), re('(noon|midnight)')], (c) => time(hour(false, grp(c, 1, 1) === 'noon' ? 12 : 0))),
  // "late afternoon" is its second half, "early evening" its first.
  // ("early morning" has its own, wider range below.)
  rule('early|late <part of day>', [re('(?!early[- ]morning)(early|late|mid)[- ](morning|after ?noon|evening|night)')], (c) => {
    const key = grp(c, 0, 2).startsWith('after') ? 'afternoon' : grp(c, 0, 2);
    const h = POD_HOURS[key];
    if (!h) return undefined;
    const end = h[1] === 0 ? 24 : h[1];
    const mid = Math.round((h[0] + end) / 2);
    const which = grp(c, 0, 1);
    const [from, to] = which === 'early' ? [h[0], mid] : which === 'late' ? [mid, end] : [Math.round((h[0] + mid) / 2), Math.round((mid + end) / 2)];
    return time(mkLatent(partOfDay(from, to % 24, h[2])));
  }, /early|late|mid/),
  rule('early morning', [re('early (?:(?:in|hours of) the )?morning')], () => {
    const r = PARTS_OF_DAY['early morning'];
    return time(mkLatent(partOfDay(r.startHour, r.endHour % 24, 'early-morning')));
  }, 'early'),
  rule('in|during the <part-of-day>', [re('(?:in|during|at|for)(?: the)?'), p(isPod)], (c) => time(notLatent(tAt(c, 1)))),
  rule('this <part-of-day>', [re('this'), p(isPod)], (c) => {
    const pod = tAt(c, 1);
    const r = intersect(today(), pod);
    return r && pod.form ? time(withForm(r, pod.form)) : undefined;
  }),
  rule('tonight', [re('(late )?toni(?:ght|gth|te)s?')], (c) => {
    const from = PARTS_OF_DAY[grp(c, 0, 1) ? 'late night' : 'night'].startHour;
    const r = intersect(today(), partOfDay(from, 0, 'night'));
    return r ? time(withForm(r, { k: 'pod', pod: 'night' })) : undefined;
  }, 'ton'),
  rule('last night', [re('(late )?last night')], (c) => {
    const start = durationBefore({ value: grp(c, 0, 1) ? 3 : 6, grain: 'hour' }, today());
    return time(withForm(interval(false, start, today()), { k: 'pod', pod: 'night' }));
  }, 'last night'),
  rule('after lunch/work/school', [re('after[\\s-]?(lunch|work|school)')], (c) => {
    const span: Record<string, [number, number]> = { lunch: [13, 17], work: [17, 21], school: [15, 21] };
    const h = span[grp(c, 0, 1)];
    if (!h) return undefined;
    const r = intersect(today(), partOfDay(h[0], h[1], 'other'));
    return r ? time(withForm(r, { k: 'pod', pod: 'other' })) : undefined;
  }, 'after'),
  rule('<time> <part-of-day>', [p(isTime), p(isPod)], (c) => time(intersect(tAt(c, 1), tAt(c, 0)))),
  rule('<part-of-day> of <time>', [p(isPod), re('of'), p(isTime)], (c) => time(intersect(tAt(c, 0), tAt(c, 2)))),
  rule('the <part-of-day> of <time>', [re('the'), p(isPod), re('of'), p(isTime)], (c) => time(intersect(tAt(c, 1), tAt(c, 3)))),
  rule('<part-of-day> at <time-of-day>', [p(isPod), re('at|@'), p(isTod)], (c) => podAtTod(tAt(c, 0), tAt(c, 2))),
  // "evening 7" (typed answers): the same reading without "at".
  rule('<part-of-day> <hour>', [p(isPod), p(isHourOfDay)], (c) => podAtTod(tAt(c, 0), tAt(c, 1))),
];

/** "tonight at 2" is 14:00 and "this morning at 3" 03:00: the part of day picks am or pm. */
function podAtTod(pod: TimeData, tod: TimeData): ReturnType<typeof time> {
  if (pod.form?.k !== 'pod' || tod.form?.k !== 'tod') return undefined;
  if (!tod.form.is12H || tod.form.hours === undefined || tod.form.hours > 12) return time(notLatent(tod));
  const am = pod.form.pod === 'morning' || pod.form.pod === 'early-morning';
  return time(notLatent(timeOfDayAmPm(am ? 'am' : 'pm', tod)));
}

export { ZONES, ZONE_RE };

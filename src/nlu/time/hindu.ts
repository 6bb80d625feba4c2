/**
 * The Hindu lunisolar calendar (amanta months, tithis) and solar transits, computed from
 * low-precision Sun and Moon positions (Meeus, "Astronomical Algorithms", ch. 25 and 47) for a
 * reference place, New Delhi (28.61 N, 77.21 E, IST). Festival days follow the usual panchang
 * rules: the tithi prevailing at sunrise (or at sunset / midnight where the festival is kept
 * then), a skipped tithi falling to the day it passes through, a doubled one to the first day.
 * Positions are good to about 0.01 degree, so a tithi ending within minutes of sunrise can
 * land a festival one day off.
 */
import { civil, DAY_MS, fields, type Civil } from './civil';

const RAD = Math.PI / 180;
const LAT = 28.6139;
const LON = 77.209;
const IST_MIN = 330;
const sin = (d: number): number => Math.sin(d * RAD);
const cos = (d: number): number => Math.cos(d * RAD);
const norm360 = (d: number): number => ((d % 360) + 360) % 360;

/** Julian day (UT) of a civil IST date plus hours of IST. */
function jdOf(t: Civil, istHours = 0): number {
  return (t - IST_MIN * 60_000) / DAY_MS + 2440587.5 + istHours / 24;
}

function civilDateOfJd(jd: number): Civil {
  const ms = (jd - 2440587.5) * DAY_MS + IST_MIN * 60_000;
  return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
}

/** Terrestrial time correction, seconds (a smooth approximation; minutes do not matter here). */
function deltaT(jd: number): number {
  const y = 2000 + (jd - 2451545) / 365.25;
  const u = (y - 1820) / 100;
  return 32 * u * u - 20;
}

function centuries(jdUt: number): number {
  return (jdUt + deltaT(jdUt) / 86400 - 2451545) / 36525;
}

/** Apparent geocentric longitude of the Sun, degrees (Meeus ch. 25). */
export function sunLongitude(jdUt: number): number {
  const T = centuries(jdUt);
  const L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T * T;
  const M = 357.52911 + 35999.05029 * T - 0.0001537 * T * T;
  const C = (1.914602 - 0.004817 * T - 0.000014 * T * T) * sin(M) + (0.019993 - 0.000101 * T) * sin(2 * M) + 0.000289 * sin(3 * M);
  const omega = 125.04 - 1934.136 * T;
  return norm360(L0 + C - 0.00569 - 0.00478 * sin(omega));
}

// Periodic terms of the Moon's longitude: D, M, M', F, coefficient (1e-6 degree). Meeus 47.A.
const MOON_TERMS: readonly (readonly [number, number, number, number, number])[] = [
  [0, 0, 1, 0, 6288774], [2, 0, -1, 0, 1274027], [2, 0, 0, 0, 658314], [0, 0, 2, 0, 213618],
  [0, 1, 0, 0, -185116], [0, 0, 0, 2, -114332], [2, 0, -2, 0, 58793], [2, -1, -1, 0, 57066],
  [2, 0, 1, 0, 53322], [2, -1, 0, 0, 45758], [0, 1, -1, 0, -40923], [1, 0, 0, 0, -34720],
  [0, 1, 1, 0, -30383], [2, 0, 0, -2, 15327], [0, 0, 1, 2, -12528], [0, 0, 1, -2, 10980],
  [4, 0, -1, 0, 10675], [0, 0, 3, 0, 10034], [4, 0, -2, 0, 8548], [2, 1, -1, 0, -7888],
  [2, 1, 0, 0, -6766], [1, 0, -1, 0, -5163], [1, 1, 0, 0, 4987], [2, -1, 1, 0, 4036],
  [2, 0, 2, 0, 3994], [4, 0, 0, 0, 3861], [2, 0, -3, 0, 3665], [0, 1, -2, 0, -2689],
  [2, 0, -1, 2, -2602], [2, -1, -2, 0, 2390], [1, 0, 1, 0, -2348], [2, -2, 0, 0, 2236],
  [0, 1, 2, 0, -2120], [0, 2, 0, 0, -2069], [2, -2, -1, 0, 2048], [2, 0, 1, -2, -1773],
  [2, 0, 0, 2, -1595], [4, -1, -1, 0, 1215], [0, 0, 2, 2, -1110], [3, 0, -1, 0, -892],
  [2, 1, 1, 0, -810], [4, -1, -2, 0, 759], [0, 2, -1, 0, -713], [2, 2, -1, 0, -700],
  [2, 1, -2, 0, 691], [2, -1, 0, -2, 596], [4, 0, 1, 0, 549], [0, 0, 4, 0, 537],
  [4, -1, 0, 0, 520], [1, 0, -2, 0, -487], [2, 1, 0, -2, -399], [0, 0, 2, -2, -381],
  [1, 1, 1, 0, 351], [3, 0, -2, 0, -340], [4, 0, -3, 0, 330], [2, -1, 2, 0, 327],
  [0, 2, 1, 0, -323], [1, 1, -1, 0, 299], [2, 0, 3, 0, 294],
];

/** Geocentric longitude of the Moon, degrees (Meeus ch. 47, main terms; aberration as the Sun's). */
export function moonLongitude(jdUt: number): number {
  const T = centuries(jdUt);
  const T2 = T * T;
  const T3 = T2 * T;
  const T4 = T3 * T;
  const Lp = 218.3164477 + 481267.88123421 * T - 0.0015786 * T2 + T3 / 538841 - T4 / 65194000;
  const D = 297.8501921 + 445267.1114034 * T - 0.0018819 * T2 + T3 / 545868 - T4 / 113065000;
  const M = 357.5291092 + 35999.0502909 * T - 0.0001536 * T2 + T3 / 24490000;
  const Mp = 134.9633964 + 477198.8675055 * T + 0.0087414 * T2 + T3 / 69699 - T4 / 14712000;
  const F = 93.272095 + 483202.0175233 * T - 0.0036539 * T2 - T3 / 3526000 + T4 / 863310000;
  const E = 1 - 0.002516 * T - 0.0000074 * T2;
  let sum = 0;
  for (const [d, m, mp, f, c] of MOON_TERMS) {
    const e = m === 0 ? 1 : Math.abs(m) === 1 ? E : E * E;
    sum += c * e * sin(d * D + m * M + mp * Mp + f * F);
  }
  const A1 = 119.75 + 131.849 * T;
  const A2 = 53.09 + 479264.29 * T;
  sum += 3958 * sin(A1) + 1962 * sin(Lp - F) + 318 * sin(A2);
  const omega = 125.04 - 1934.136 * T;
  return norm360(Lp + sum / 1e6 - 0.00478 * sin(omega));
}

/** Lahiri ayanamsa, degrees: tropical minus sidereal longitude. */
function ayanamsa(jdUt: number): number {
  return 23.853 + (0.013969 * (jdUt - 2451545)) / 365.25;
}

export function siderealSun(jdUt: number): number {
  return norm360(sunLongitude(jdUt) - ayanamsa(jdUt));
}

function siderealMoon(jdUt: number): number {
  return norm360(moonLongitude(jdUt) - ayanamsa(jdUt));
}

function elongation(jdUt: number): number {
  return norm360(moonLongitude(jdUt) - sunLongitude(jdUt));
}

/** Tithi 1..30 (1-15 waxing, 16-30 waning) at an instant. */
export function tithiAt(jdUt: number): number {
  return Math.floor(elongation(jdUt) / 12) + 1;
}

// --- sunrise and sunset ----------------------------------------------------------------------

function sunEvent(day: Civil, rising: boolean): number {
  const jd = jdOf(day, 12);
  const n = jd - 2451545;
  const L = norm360(280.46 + 0.9856474 * n);
  const g = norm360(357.528 + 0.9856003 * n);
  const lambda = L + 1.915 * sin(g) + 0.02 * sin(2 * g);
  const eps = 23.439 - 0.0000004 * n;
  const decl = Math.asin(sin(eps) * sin(lambda)) / RAD;
  let ra = Math.atan2(cos(eps) * sin(lambda), cos(lambda)) / RAD;
  ra = norm360(ra);
  let eqDeg = L - ra;
  eqDeg = ((eqDeg + 540) % 360) - 180;
  const eqMin = 4 * eqDeg;
  const cosH = (sin(-0.833) - sin(LAT) * sin(decl)) / (cos(LAT) * cos(decl));
  const H = Math.acos(Math.max(-1, Math.min(1, cosH))) / RAD;
  const noonUtMin = 720 - 4 * LON - eqMin;
  const eventUtMin = rising ? noonUtMin - 4 * H : noonUtMin + 4 * H;
  return jdOf(day, 0) + (eventUtMin + IST_MIN) / 1440;
}

export const sunrise = (day: Civil): number => sunEvent(day, true);
export const sunset = (day: Civil): number => sunEvent(day, false);

// --- lunations and months --------------------------------------------------------------------

interface Lunation {
  /** New moon that starts the (amanta) month, JD UT. */
  readonly start: number;
  readonly end: number;
  /** 0 Chaitra ... 11 Phalguna. */
  readonly month: number;
  readonly leap: boolean;
}

function refineNewMoon(lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  for (let i = 0; i < 40; i++) {
    const mid = (a + b) / 2;
    if (elongation(mid) > 180) a = mid;
    else b = mid;
  }
  return (a + b) / 2;
}

const lunationCache = new Map<number, Lunation[]>();

/** The lunar months overlapping a Gregorian year (with a margin on both sides). */
function lunations(year: number): Lunation[] {
  const hit = lunationCache.get(year);
  if (hit) return hit;
  const moons: number[] = [];
  let jd = jdOf(civil(year - 1, 11, 1));
  const end = jdOf(civil(year + 1, 3, 1));
  let prev = elongation(jd);
  for (; jd < end; jd += 1) {
    const e = elongation(jd + 1);
    if (e < prev) moons.push(refineNewMoon(jd, jd + 1));
    prev = e;
  }
  const out: Lunation[] = [];
  for (let i = 0; i + 1 < moons.length; i++) {
    const start = moons[i]!;
    const next = moons[i + 1]!;
    const r1 = Math.floor(siderealSun(start) / 30);
    const r2 = Math.floor(siderealSun(next) / 30);
    // Named after the sign the Sun enters during the month; no entry makes a leap month.
    out.push({ start, end: next, month: (r1 + 1) % 12, leap: r1 === r2 });
  }
  lunationCache.set(year, out);
  return out;
}

export type Observance = 'sunrise' | 'sunset' | 'midnight';

function instantFor(day: Civil, when: Observance): number {
  if (when === 'sunrise') return sunrise(day);
  if (when === 'sunset') return sunset(day);
  return jdOf(day, 24);
}

/**
 * The civil days in a Gregorian year on which a tithi of a (non-leap) amanta month is kept
 * (usually one; two when the month recurs within the year, as Pausha can).
 */
export function tithiDays(year: number, month: number, tithi: number, when: Observance = 'sunrise'): Civil[] {
  const key = `${year}:${month}:${tithi}:${when}`;
  const hit = daysCache.get(key);
  if (hit) return hit;
  const found: Civil[] = [];
  const prev = ((tithi + 28) % 30) + 1;
  const next = (tithi % 30) + 1;
  for (const lun of lunations(year)) {
    if (lun.month !== month || lun.leap) continue;
    // Rough day the tithi falls on, then look around it.
    const center = civilDateOfJd(lun.start + ((tithi - 0.5) * 29.53) / 30);
    let firstMatch: Civil | undefined;
    let passThrough: Civil | undefined;
    for (let k = -2; k <= 2; k++) {
      const day = center + k * DAY_MS;
      const a = instantFor(day, when);
      if (a < lun.start || a > lun.end) continue;
      const t = tithiAt(a);
      if (t === tithi && firstMatch === undefined) firstMatch = day;
      // A tithi that starts and ends between two observance times is kept on the day it runs.
      if (t === prev && passThrough === undefined && tithiAt(instantFor(day + DAY_MS, when)) === next) passThrough = day;
    }
    const day = firstMatch ?? passThrough;
    if (day !== undefined && fields(day).year === year && !found.includes(day)) found.push(day);
  }
  found.sort((a, b) => a - b);
  daysCache.set(key, found);
  return found;
}

const daysCache = new Map<string, Civil[]>();
const dayCache = new Map<string, Civil | null>();

/** The civil (IST) day the Sun enters a sidereal sign (0 Mesha ... 9 Makara), kept the next day when after sunset. */
export function sankranti(year: number, sign: number): Civil | undefined {
  const key = `s:${year}:${sign}`;
  const hit = dayCache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const target = sign * 30;
  let found: Civil | null = null;
  let jd = jdOf(civil(year, 1, 1));
  const end = jdOf(civil(year + 1, 1, 1));
  const dist = (x: number): number => norm360(siderealSun(x) - target + 180) - 180;
  for (; jd < end; jd += 1) {
    if (dist(jd) < 0 && dist(jd + 1) >= 0) {
      let a = jd;
      let b = jd + 1;
      for (let i = 0; i < 30; i++) {
        const m = (a + b) / 2;
        if (dist(m) < 0) a = m;
        else b = m;
      }
      const day = civilDateOfJd(a);
      found = a > sunset(day) ? day + DAY_MS : day;
      break;
    }
  }
  dayCache.set(key, found);
  return found ?? undefined;
}

/**
 * The first day of a solar month (Sun in a sidereal sign) on which the Moon is in a nakshatra
 * (0-26) six nazhika (2.4 h) after sunrise, as Kerala reckons Onam.
 */
export function nakshatraDayInSign(year: number, sign: number, nakshatra: number): Civil | undefined {
  const start = sankranti(year, sign);
  if (start === undefined) return undefined;
  for (let k = 0; k < 32; k++) {
    const day = start + k * DAY_MS;
    const n = Math.floor(siderealMoon(sunrise(day) + 0.1) / (360 / 27));
    if (n === nakshatra) return day;
  }
  return undefined;
}

/** The civil (IST) day of the first full moon in a Gregorian month (Vesak: May's full moon). */
export function fullMoonDay(year: number, month: number): Civil | undefined {
  let jd = jdOf(civil(year, month, 1));
  const end = jdOf(civil(year, month + 1, 1));
  const off = (x: number): number => norm360(elongation(x) - 180 + 180) - 180;
  for (; jd < end; jd += 1) {
    if (off(jd) < 0 && off(jd + 1) >= 0) {
      let a = jd;
      let b = jd + 1;
      for (let i = 0; i < 30; i++) {
        const m = (a + b) / 2;
        if (off(m) < 0) a = m;
        else b = m;
      }
      const day = civilDateOfJd(a);
      return fields(day).month === ((month - 1) % 12) + 1 ? day : undefined;
    }
  }
  return undefined;
}

export const MONTH = {
  chaitra: 0, vaishakha: 1, jyeshtha: 2, ashadha: 3, shravana: 4, bhadrapada: 5,
  ashvin: 6, kartika: 7, margashirsha: 8, pausha: 9, magha: 10, phalguna: 11,
} as const;

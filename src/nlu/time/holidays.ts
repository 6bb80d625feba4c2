/**
 * Named days: fixed dates, "n-th weekday of a month" rules, Easter-based feasts, and Hebrew,
 * Islamic and Chinese holidays computed from ICU calendars. Names and date rules follow the
 * public holiday lists of Duckling's English grammar (facebook/duckling, BSD). Hebrew holidays
 * are given, as there, by the evening they begin.
 */
import { civil, daysInMonth, dowOf, DAY_MS, type Civil } from './civil';
import { chineseNewYear, easterSunday, hebrewDate, islamicDates, orthodoxEaster, type HebrewMonth } from './calendars';
import { fullMoonDay, MONTH, nakshatraDayInSign, sankranti, tithiDays, type Observance } from './hindu';
import { seriesPred, yearlySeries } from './series';
import type { TimeObject } from './time-object';
import { td, type TimeData } from './time-data';

type DaysInYear = (year: number) => Civil[];

export interface Holiday {
  readonly name: string;
  /** Regex source, non-capturing groups only. */
  readonly pattern: string;
  readonly days: DaysInYear;
  /** Length in days for holidays that last more than a day (as an interval). */
  readonly length?: number | ((start: Civil) => number);
  /** Start (minutes after midnight) and length in minutes, for events such as Earth Hour. */
  readonly minutes?: readonly [number, number];
  /** Precision of `minutes` events (default minute). */
  readonly grain?: 'minute' | 'hour';
}

const one = (f: (y: number) => Civil | undefined): DaysInYear => (y) => {
  const t = f(y);
  return t === undefined ? [] : [t];
};
const fixed = (m: number, d: number): DaysInYear => (y) => [civil(y, m, d)];

/** n-th (1-based) weekday (Mon=1) of a month. */
export function nthDow(y: number, n: number, dow: number, m: number): Civil {
  const first = civil(y, m, 1);
  return first + (((dow - dowOf(first) + 7) % 7) + 7 * (n - 1)) * DAY_MS;
}

export function lastDow(y: number, dow: number, m: number): Civil {
  const last = civil(y, m, daysInMonth(y, m));
  return last - ((dowOf(last) - dow + 7) % 7) * DAY_MS;
}

const nth = (n: number, dow: number, m: number): DaysInYear => (y) => [nthDow(y, n, dow, m)];
const last = (dow: number, m: number): DaysInYear => (y) => [lastDow(y, dow, m)];
const shift = (f: DaysInYear, days: number): DaysInYear => (y) => f(y).map((t) => t + days * DAY_MS);
const easter = one(easterSunday);
const orthodox = one(orthodoxEaster);
const thanksgiving = nth(4, 4, 11);
/** Hebrew date, on the evening it begins (the day before). */
const hebrew = (m: HebrewMonth, d: number): DaysInYear =>
  one((y) => {
    const t = hebrewDate(y, m, d);
    return t === undefined ? undefined : t - DAY_MS;
  });
const islamic = (m: number, d: number): DaysInYear => (y) => islamicDates(y, m, d);

/** Hindu lunisolar day: tithi (1-30) of an amanta month, kept at sunrise unless said otherwise. */
const tithi = (month: keyof typeof MONTH, t: number, when: Observance = 'sunrise'): DaysInYear => (y) => tithiDays(y, MONTH[month], t, when);
const makara = one((y) => sankranti(y, 9));
const navaratri = tithi('ashvin', 1);
const dhanteras = tithi('ashvin', 28, 'sunset');
const holika = tithi('phalguna', 15, 'sunset');

/** The closest weekday to a date (Boss's Day: October 16 or the nearest weekday). */
const closestWeekday = (m: number, d: number): DaysInYear =>
  one((y) => {
    const t = civil(y, m, d);
    const dow = dowOf(t);
    return dow === 6 ? t - DAY_MS : dow === 7 ? t + DAY_MS : t;
  });

/** US federal tax day: April 15, moved past weekends and DC's Emancipation Day (April 16). */
function taxDay(y: number): Civil {
  const apr16 = civil(y, 4, 16);
  const emancipation = dowOf(apr16) === 6 ? apr16 - DAY_MS : dowOf(apr16) === 7 ? apr16 + DAY_MS : apr16;
  let t = civil(y, 4, 15);
  while (dowOf(t) >= 6 || t === emancipation) t += DAY_MS;
  return t;
}

/** King's Day (NL): April 27, or the 26th when the 27th is a Sunday. */
function kingsDay(y: number): Civil {
  const t = civil(y, 4, 27);
  return dowOf(t) === 7 ? t - DAY_MS : t;
}

/** Earth Hour: last Saturday of March, a week earlier when that is Holy Saturday. */
function earthHourDay(y: number): Civil {
  const sat = lastDow(y, 6, 3);
  return sat === easterSunday(y) - DAY_MS ? sat - 7 * DAY_MS : sat;
}

/** Parsi (Shahenshahi) New Year: a 365-day year with no leap days. */
function parsiNewYear(y: number): Civil[] {
  const anchor = civil(2020, 8, 16);
  const out: Civil[] = [];
  const k0 = Math.floor((civil(y, 1, 1) - anchor) / (365 * DAY_MS));
  for (let k = k0 - 1; k <= k0 + 1; k++) {
    const t = anchor + k * 365 * DAY_MS;
    if (t >= civil(y, 1, 1) && t < civil(y + 1, 1, 1)) out.push(t);
  }
  return out;
}

/** Super Tuesday: the big primary day of US presidential election years (first Tuesday of March). */
const superTuesday: DaysInYear = (y) => (y % 4 === 0 ? [nthDow(y, 1, 2, 3)] : []);

const FIXED: readonly [string, string, number, number][] = [
  ['Christmas Eve', "(?:xmas|christmas)(?: day)?(?:'s)? eve", 12, 24],
  ['Christmas', '(?:xmas|christmas)(?: day)?', 12, 25],
  ["New Year's Eve", "new year'?s? eve", 12, 31],
  ["New Year's Day", "new year'?s?(?: day)?", 1, 1],
  ["Valentine's Day", "valentine'?s?(?: day)?", 2, 14],
  ['Halloween', 'hall?owe?en(?: day)?', 10, 31],
  ['Independence Day', 'independence day|fourth of july|4th of july', 7, 4],
  ["St Patrick's Day", "(?:saint|st\\.?) (?:patrick|paddy)'?s day", 3, 17],
  ["St George's Day", "(?:saint|st\\.?) george'?s day|feast of saint george", 4, 23],
  ["St Stephen's Day", "(?:saint|st\\.?) stephen'?s day", 12, 26],
  ["St Nicholas' Day", "(?:saint|st\\.?) nicholas'? day", 12, 6],
  ["St David's Day", "(?:saint|st\\.?) david'?s day", 3, 1],
  ['Boxing Day', 'boxing day', 12, 26],
  ['April Fools', "(?:april|all) fool'?s(?:'? day)?", 4, 1],
  ['All Saints Day', "all saints'? day", 11, 1],
  ['All Souls Day', "all souls'? day", 11, 2],
  ['Assumption of Mary', 'assumption of mary', 8, 15],
  ['Epiphany', 'epiphany', 1, 6],
  ['Earth Day', 'earth day', 4, 22],
  ['May Day', 'may day', 5, 1],
  ['Orthodox Christmas', 'orthodox christmas(?: day)?', 1, 7],
  ['Orthodox New Year', 'orthodox new year', 1, 14],
  ['Groundhog Day', 'groundhog day', 2, 2],
  ['Flag Day', 'flag day', 6, 14],
  ['Juneteenth', 'juneteenth', 6, 19],
  ['Veterans Day', "veterans'? day", 11, 11],
  ['Patriot Day', 'patriot day', 9, 11],
  ['Cinco de Mayo', 'cinco de mayo', 5, 5],
  ['D-Day', 'd-day', 6, 6],
  ['Inauguration Day', 'inauguration day', 1, 20],
  ["Lincoln's Birthday", "(?:abraham )?lincoln'?s?'? birthday", 2, 12],
  ['Pearl Harbor Remembrance Day', 'pearl harbor remembrance day', 12, 7],
  ['National Sibling Day', "national siblings?'? day", 4, 10],
  ['Citizenship Day', 'citizenship day|constitution day', 9, 17],
  ['Human Rights Day', 'human rights? day', 12, 10],
  ["International Women's Day", "international women'?s day|women'?s day", 3, 8],
  ["International Men's Day", "international men'?s day", 11, 19],
  ['International Workers Day', "international workers'? day|labour day", 5, 1],
  ['United Nations Day', 'united nations day', 10, 24],
  ['World AIDS Day', 'world aids day', 12, 1],
  ['World Environment Day', 'world environment day', 6, 5],
  ['World Health Day', 'world health day', 4, 7],
  ['World Water Day', 'world water day', 3, 22],
  ['World Book Day', 'world book(?: and copyright)? day', 4, 23],
  ['World Cancer Day', 'world cancer day', 2, 4],
  ['World Food Day', 'world food day', 10, 16],
  ['World Mental Health Day', 'world mental health day', 10, 10],
  ['World Teachers Day', "world teachers'? day", 10, 5],
  ['World Vegan Day', 'world vegan day', 11, 1],
  ['World Vegetarian Day', 'world vegetarian day', 10, 1],
  ['World Oceans Day', 'world oceans day', 6, 8],
  ['World Radio Day', 'world radio day', 2, 13],
  ['World Poetry Day', 'world poetry day', 3, 21],
  ['International Day of Peace', 'international day of peace', 9, 21],
  ['International Yoga Day', 'international (?:day of )?yoga(?: day)?', 6, 21],
  ['International Day of Happiness', 'international day of happiness', 3, 20],
  ['Nelson Mandela Day', 'nelson mandela day', 7, 18],
  ["Universal Children's Day", "universal children'?s day", 11, 20],
  ['Zero Discrimination Day', 'zero discrimination day', 3, 1],
];


/** More fixed-date observances (UN and US lists), as "month-day|name|pattern". */
const MORE_FIXED = `
5-25|Africa Day|africa(?:n (?:freedom|liberation))? day
11-20|Africa Industrialization Day|africa industrialization day
12-18|Arabic Language Day|arabic language day
4-20|Chinese Language Day|chinese language day
4-29|Chemical Warfare Victims Day|day of remembrance for all victims of chemical warfare
4-7|Rwanda Genocide Remembrance|day of remembrance of the victims of the rwanda genocide
6-25|Day of the Seafarer|day of the seafarer
4-23|English Language Day|english language day
10-4|Feast of St Francis of Assisi|feast of st\.? francis of assisi
12-8|Feast of the Immaculate Conception|feast of the immaculate conception
6-1|Global Day of Parents|global day of parents
6-13|International Albinism Awareness Day|international albinism awareness day
12-9|International Anti-Corruption Day|international anti[-\s]corruption day
6-30|International Asteroid Day|international asteroid day
9-23|International Celebrate Bisexuality Day|international celebrate bisexuality day
4-26|Chernobyl Disaster Remembrance Day|international chernobyl disaster remembrance day
12-7|International Civil Aviation Day|international civil aviation day
1-26|International Customs Day|international customs day
6-26|International Day Against Drug Abuse|international day against drug abuse and illicit trafficking
8-29|International Day against Nuclear Tests|international day against nuclear tests
5-22|International Day for Biological Diversity|international day for biological diversity|world biodiversity day
4-18|International Day for Monuments and Sites|international day for monuments and sites
9-12|International Day for South-South Cooperation|international day for south[-\s]south cooperation
11-16|International Day for Tolerance|international day for tolerance
12-2|International Day for the Abolition of Slavery|international day for the abolition of slavery|world day for the abolition of slavery
3-21|International Day for the Elimination of Racial Discrimination|international day for the elimination of racial discrimination
11-25|International Day for the Elimination of Violence against Women|international day for the elimination of violence against women
10-17|International Day for the Eradication of Poverty|international day for the eradication of poverty
9-16|International Day for the Preservation of the Ozone Layer|international day for the preservation of the ozone layer
8-23|International Day for the Remembrance of the Slave Trade|international day for the remembrance of the slave trade and its abolition
9-26|International Day for the Total Elimination of Nuclear Weapons|international day for the total elimination of nuclear weapons
9-5|International Day of Charity|international day of charity
1-27|Holocaust Memorial Day|international day of commemoration in memory of the victims of the holocaust
9-15|International Day of Democracy|international day of democracy
12-3|International Day of Persons with Disabilities|international day of (?:disabled persons|persons with disabilities)
5-15|International Day of Families|international day of families
6-16|International Day of Family Remittances|international day of family remittances
3-21|International Day of Forests|international day of forests
7-30|International Day of Friendship|international day of friendship
4-12|International Day of Human Space Flight|international day of human space flight
10-2|International Day of Non-Violence|international day of non[-\s]violence
3-21|International Day of Nowruz|international day of nowruz|nowruz
10-1|International Day of Older Persons|international day of older persons
3-25|International Day of Remembrance of Slavery Victims|international day of remembrance of slavery victims and the transatlantic slave trade
10-15|International Day of Rural Women|international day of rural women
11-29|International Day of Solidarity with the Palestinian People|international day of solidarity with the palestinian people
4-6|International Day of Sport for Development and Peace|international day of sport for development and peace
5-29|International Day of UN Peacekeepers|international day of united nations peacekeepers
2-11|International Day of Women and Girls in Science|international day of women and girls in science
2-6|International Day of Zero Tolerance for FGM|international day of zero tolerance for female genital mutilation
10-11|International Day of the Girl Child|international day of the girl child
8-30|International Day of the Victims of Enforced Disappearances|international day of the victims of enforced disappearances
8-9|International Day of the World's Indigenous People|international day of the world'?s indigenous people
11-2|International Day to End Impunity for Crimes against Journalists|international day to end impunity for crimes against journalists
5-23|International Day to End Obstetric Fistula|international day to end obstetric fistula
10-13|International Day for Disaster Reduction|iddr|international day for (?:natural )?disaster reduction
12-20|International Human Solidarity Day|international human solidarity day
4-30|International Jazz Day|international jazz day
9-8|International Literacy Day|international literacy day
12-18|International Migrants Day|international migrants day
2-21|International Mother Language Day|international mother language day
12-11|International Mountain Day|international mountain day
5-12|International Nurses Day|international nurses day
8-31|International Overdose Awareness Day|international overdose awareness day
12-5|International Volunteer Day|international volunteer day(?: for economic and social development)?
6-23|International Widows' Day|international widows'? day
8-12|International Youth Day|international youth day
6-23|Public Service Day|public service day
5-8|WWII Remembrance and Reconciliation|time of remembrance and reconciliation for those who lost their lives during the second world war
4-4|UN Mine Awareness Day|united nations'? mine awareness day
4-2|World Autism Awareness Day|world autism awareness day
5-20|World Autoimmune Arthritis Day|world autoimmune arthritis day
6-14|World Blood Donor Day|world blood donor day
1-4|World Braille Day|world braille day
10-31|World Cities Day|world cities day
10-6|World CP Day|world (?:cerebral palsy|cp) day
6-12|World Day Against Child Labour|world day against child labou?r
7-30|World Day against Trafficking in Persons|world day against trafficking in persons
10-27|World Day for Audiovisual Heritage|world day for audiovisual heritage
5-21|World Day for Cultural Diversity|world day for cultural diversity for dialogue and development
4-28|World Day for Safety and Health at Work|world day for safety and health at work
2-20|World Day of Social Justice|world day of social justice
2-11|World Day of the Sick|world day of the sick
6-17|World Day to Combat Desertification|world day to combat desertification and drought
10-24|World Development Information Day|world development information day
11-14|World Diabetes Day|world diabetes day
3-21|World Down Syndrome Day|world down syndrome day
6-15|World Elder Abuse Awareness Day|world elder abuse awareness day
12-9|World Genocide Commemoration Day|world genocide commemoration day
9-29|World Heart Day|world heart day
7-28|World Hepatitis Day|world hepatitis day
8-19|World Humanitarian Day|world humanitarian day
5-17|World Information Society Day|world information society day
4-26|World Intellectual Property Day|world intellectual property day
4-25|World Malaria Day|world malaria day
3-23|World Meteorological Day|world meteorological day
5-31|World No Tobacco Day|world no tobacco day
5-8|World Ovarian Cancer Day|world ovarian cancer day
11-12|World Pneumonia Day|world pneumonia day
7-11|World Population Day|world population day
10-9|World Post Day|world post day
11-17|World Prematurity Day|world prematurity day
5-3|World Press Freedom Day|world press freedom day
9-28|World Rabies Day|world rabies day
6-20|World Refugee Day|world refugee day
11-10|World Science Day for Peace and Development|world science day for peace and development
9-4|World Sexual Health Day|world sexual health day
12-5|World Soil Day|world soil day
10-29|World Stroke Day|world stroke day
9-10|World Suicide Prevention Day|world suicide prevention day
11-21|World Television Day|world television day
11-19|World Toilet Day|world toilet day
9-27|World Tourism Day|world tourism day
3-24|World Tuberculosis Day|world tuberculosis day
5-2|World Tuna Day|world tuna day
2-2|World Wetlands Day|world wetlands day
3-3|World Wildlife Day|world wildlife day
7-15|World Youth Skills Day|world youth skills day
5-25|African Liberation Day|african liberation day
9-18|Air Force Birthday|air force birthday
10-18|Alaska Day|alaska day
6-20|American Eagle Day|american eagle day
6-14|Army Birthday|army birthday
8-16|Bennington Battle Day|bennington battle day
6-17|Bunker Hill Day|bunker hill day
9-9|California Admission Day|california admission day
8-4|Coast Guard Birthday|coast guard (?:birth)?day
8-1|Colorado Day|colorado day
3-31|Cesar Chavez Day|c[ée]sar ch[áa]vez day
12-26|Day After Christmas Day|day after christmas day
2-16|Elizabeth Peratrovich Day|elizabeth peratrovich day
4-16|Emancipation Day|emancipation day
3-17|Evacuation Day|evacuation day
4-15|Father Damien Day|father damien day
12-12|Feast of Our Lady of Guadalupe|feast of our lady of guadalupe
5-22|Harvey Milk Day|harvey milk day
6-11|Kamehameha Day|kamehameha day
1-29|Kansas Day|kansas day
5-4|Kent State Shootings Remembrance|kent state shootings remembrance
5-1|Loyalty Day|l(?:aw|ei|oyalty) day
10-9|Leif Erikson Day|leif erikson day
2-28|Linus Pauling Day|linus pauling day
8-27|Lyndon Baines Johnson Day|lyndon baines johnson day
11-10|Marine Corps Birthday|marine corps (?:birth)?day
3-25|Maryland Day|maryland day
8-19|National Aviation Day|national aviation day
2-1|National Freedom Day|national freedom day
12-13|National Guard Birthday|national guard (?:birth)?day
7-27|Korean War Veterans Armistice Day|national korean war veterans armistice day
5-22|National Maritime Day|national maritime day
5-25|National Missing Children's Day|national missing children'?s day
5-6|National Nurses Day|national nurses day
4-6|National Tartan Day|national tartan day
10-13|Navy Birthday|(?:u\.?s\.? )?navy (?:birth)?day
4-22|Oklahoma Day|oklahoma day
12-17|Pan American Aviation Day|pan american aviation day
4-2|Pascua Florida Day|pascua florida day
5-15|Peace Officers Memorial Day|peace officers memorial day
7-24|Pioneer Day|pioneer day
3-26|Prince Kuhio Day|prince jonah kuhio kalanianaole day
8-7|Purple Heart Day|purple heart day
3-2|Read Across America Day|read across america day
5-4|Rhode Island Independence Day|rhode island independence day
2-4|Rosa Parks Day|rosa parks day
4-21|San Jacinto Day|san jacinto day
3-1|Self-Injury Awareness Day|self-injury awareness day
8-21|Senior Citizens Day|senior citizens day
1-13|Stephen Foster Memorial Day|stephen foster memorial day
2-15|Susan B Anthony's Birthday|susan b\.? anthony'?s birthday
3-2|Texas Independence Day|texas independence day
4-13|Thomas Jefferson's Birthday|thomas jefferson'?s birthday
5-8|Truman Day|truman day
6-20|West Virginia Day|west virginia day
10-15|White Cane Safety Day|white cane safety day
8-26|Women's Equality Day|women'?s equality day
12-17|Wright Brothers Day|wright brothers day
`;

/** More "n-th weekday" observances, as "n-dow-month|name|pattern" (n = -1: the last). */
const MORE_NTH = `
3-7-11|Day of Remembrance for Road Traffic Victims|(?:world )?day of remembrance for road traffic victims
1-6-7|International Day of Cooperatives|international day of co-?operatives
1-1-10|World Habitat Day|world habitat day
2-4-3|World Kidney Day|world kidney day
-1-7-1|World Leprosy Day|world leprosy day
-1-4-9|World Maritime Day|world maritime day
2-6-5|World Migratory Bird Day|world migratory bird day
3-4-11|World Philosophy Day|world philosophy day
3-7-1|World Religion Day|world religion day
2-4-10|World Sight Day|world sight day
1-1-3|Casimir Pulaski Day|casimir pulaski day
1-1-10|Child Health Day|child health day
1-5-3|Employee Appreciation Day|employee appreciation day
1-7-8|Friendship Day|friendship day
-1-7-9|Gold Star Mother's Day|gold star mother'?s day
2-5-1|Lee Jackson Day|lee jackson day
3-6-9|National CleanUp Day|national clean-?up day
1-4-5|National Day of Prayer|national day of prayer
3-5-5|National Defense Transportation Day|national defense transportation day
1-6-5|National Explosive Ordnance Disposal Day|national (?:eod|explosive ordnance disposal) day
3-5-9|National POW/MIA Recognition Day|national pow/mia recognition day
1-5-2|National Wear Red Day|national wear red day
4-1-9|Native Americans' Day|native americans'? day
-1-5-10|Nevada Day|nevada day
4-7-7|Parents' Day|parents'? day
3-1-1|Robert E. Lee Day|robert e\. lee day|lee'?s (?:birth)?day
-1-1-3|Seward's Day|seward'?s day
3-5-8|Statehood Day|(?:admission|statehood) day
3-6-10|Sweetest Day|sweetest day
4-4-4|Take our Daughters and Sons to Work Day|take our daughters and sons to work day
1-2-3|Town Meeting Day|town meeting day
2-1-8|Victory Day|victory day
`;

function table<T>(src: string, make: (key: string, name: string, pattern: string) => T): T[] {
  return src
    .trim()
    .split('\n')
    .map((line) => {
      const [key, name, ...pattern] = line.split('|');
      return make(key!, name!, pattern.join('|'));
    });
}

export const HOLIDAYS: readonly Holiday[] = [
  ...FIXED.map(([name, pattern, m, d]): Holiday => ({ name, pattern, days: fixed(m, d) })),
  ...table(MORE_FIXED, (key, name, pattern): Holiday => {
    const [m, d] = key.split('-').map(Number);
    return { name, pattern, days: fixed(m!, d!) };
  }),
  ...table(MORE_NTH, (key, name, pattern): Holiday => {
    const m = /^(-?\d+)-(\d)-(\d+)$/.exec(key)!;
    const n = Number(m[1]);
    return { name, pattern, days: n < 0 ? last(Number(m[2]), Number(m[3])) : nth(n, Number(m[2]), Number(m[3])) };
  }),
  { name: 'Carl Garner Federal Lands Cleanup Day', pattern: 'carl garner federal lands cleanup day', days: shift(nth(1, 1, 9), 5) },
  { name: 'National Grandparents Day', pattern: 'national grandparents day', days: shift(nth(1, 1, 9), 6) },
  { name: 'Native American Heritage Day', pattern: '(?:american indian|native american) heritage day', days: shift(thanksgiving, 1) },
  // US rule-based days
  { name: 'Thanksgiving', pattern: 'thanks?giving(?: day)?', days: thanksgiving },
  { name: 'Black Friday', pattern: 'black frid?day', days: shift(thanksgiving, 1) },
  { name: 'Cyber Monday', pattern: 'cyber monday', days: shift(thanksgiving, 4) },
  { name: 'Martin Luther King Day', pattern: "(?:mlk|martin luther king(?:'?s)?,?)(?: jr\\.?| junior)? day|(?:civil|idaho human) rights day", days: nth(3, 1, 1) },
  { name: "Presidents' Day", pattern: "(?:george )?washington'?s? (?:birth)?day|presidents?'?s?'? day", days: nth(3, 1, 2) },
  { name: 'Memorial Day Weekend', pattern: '(?:decoration|memorial) day week(?:\\s|-)?ends?', days: shift(last(1, 5), -3), minutes: [18 * 60, 78 * 60], grain: 'hour' },
  { name: 'Memorial Day', pattern: '(?:decoration|memorial) day', days: last(1, 5) },
  { name: 'Labor Day Weekend', pattern: 'labou?r day week(?:\\s|-)?ends?', days: shift(nth(1, 1, 9), -3), minutes: [18 * 60, 78 * 60], grain: 'hour' },
  { name: 'Labor Day', pattern: 'labor day', days: nth(1, 1, 9) },
  { name: "Mother's Day", pattern: "mother'?s?'? day", days: nth(2, 7, 5) },
  { name: "Father's Day", pattern: "father'?s?'? day", days: nth(3, 7, 6) },
  { name: 'Military Spouse Day', pattern: 'military spouse (?:appreciation )?day', days: shift(nth(2, 7, 5), -2) },
  { name: 'Columbus Day', pattern: "columbus day|indigenous people'?s'? day", days: nth(2, 1, 10) },
  { name: 'Election Day', pattern: 'election day', days: shift(nth(1, 1, 11), 1) },
  { name: 'Arbor Day', pattern: 'arbor day', days: last(5, 4) },
  { name: 'Armed Forces Day', pattern: 'armed forces day', days: nth(3, 6, 5) },
  { name: "Patriots' Day", pattern: "patriots'? day", days: nth(3, 1, 4) },
  { name: 'Tax Day', pattern: 'tax day', days: one(taxDay) },
  { name: "Boss's Day", pattern: "boss'?s?'? day", days: closestWeekday(10, 16) },
  { name: 'Administrative Professionals Day', pattern: "(?:administrative professionals?'?s?'?|secretar(?:y|ies)'?s?'?) day", days: shift(last(6, 4), -3) },
  { name: 'EMS Week', pattern: 'ems week', days: nth(3, 7, 5), length: 7 },
  { name: 'Daylight Saving Start', pattern: 'daylight savings? (?:time )?start(?:s)?(?: day)?|spring forward(?: day)?', days: nth(2, 7, 3) },
  { name: 'Daylight Saving End', pattern: 'daylight savings? (?:time )?end(?:s)?(?: day)?|fall back(?: day)?', days: nth(1, 7, 11) },
  { name: 'Super Tuesday', pattern: 'super tuesday|tsunami tuesday', days: superTuesday },
  { name: 'Kwanzaa', pattern: 'kwanzaa', days: fixed(12, 26), length: 7 },
  { name: 'Commonwealth Day', pattern: 'commonwealth day', days: nth(2, 1, 3) },
  { name: "King's Day", pattern: "king'?s day|koningsdag", days: one(kingsDay) },
  { name: 'Earth Hour', pattern: 'earth hour', days: one(earthHourDay), minutes: [20 * 60 + 30, 60] },
  { name: 'Parsi New Year', pattern: 'parsi new year|jamshedi navroz', days: parsiNewYear },
  // Easter cycle
  { name: 'Orthodox Easter Monday', pattern: 'orthodox easter mon(?:day)?', days: shift(orthodox, 1) },
  { name: 'Orthodox Easter', pattern: 'orthodox easter(?: sun(?:day)?)?|pascha', days: orthodox },
  { name: 'Orthodox Holy Saturday', pattern: 'orthodox holy sat(?:urday)?', days: shift(orthodox, -1) },
  { name: 'Orthodox Great Friday', pattern: 'orthodox (?:great|good)(?: and holy)? friday', days: shift(orthodox, -2) },
  { name: 'Orthodox Palm Sunday', pattern: 'orthodox (?:branch|palm|yew) sunday', days: shift(orthodox, -7) },
  { name: 'Clean Monday', pattern: '(?:orthodox )?(?:ash|clean|green|pure|shrove) monday|monday of lent', days: shift(orthodox, -48) },
  { name: 'Lazarus Saturday', pattern: 'lazarus saturday', days: shift(orthodox, -8) },
  { name: 'Great Lent', pattern: 'great (?:fast|lent)', days: shift(orthodox, -48), length: 40 },
  { name: 'Easter Monday', pattern: 'easter mon(?:day)?', days: shift(easter, 1) },
  { name: 'Easter', pattern: 'easter(?: sun(?:day)?)?', days: easter },
  { name: 'Holy Saturday', pattern: 'holy sat(?:urday)?|easter eve|black saturday', days: shift(easter, -1) },
  { name: 'Good Friday', pattern: '(?:good|great|holy) fri(?:day)?', days: shift(easter, -2) },
  { name: 'Maundy Thursday', pattern: '(?:maundy|holy|covenant|sheer) thu(?:rsday)?', days: shift(easter, -3) },
  { name: 'Palm Sunday', pattern: '(?:branch|palm|yew) sunday', days: shift(easter, -7) },
  { name: 'Ash Wednesday', pattern: 'ash wednesday', days: shift(easter, -46) },
  { name: 'Shrove Tuesday', pattern: 'pancake (?:tues)?day|shrove tuesday|mardi gras', days: shift(easter, -47) },
  { name: 'Lent', pattern: 'lent', days: shift(easter, -46), length: 46 },
  { name: 'Ascension Day', pattern: 'ascension (?:thurs)?day', days: shift(easter, 39) },
  { name: 'Pentecost', pattern: 'pentecost|white sunday|whitsunday', days: shift(easter, 49) },
  { name: 'Whit Monday', pattern: '(?:pentecost|whit) monday|monday of the holy spirit', days: shift(easter, 50) },
  { name: 'Trinity Sunday', pattern: 'trinity sunday', days: shift(easter, 56) },
  { name: 'Corpus Christi', pattern: '(?:the feast of )?corpus christi', days: shift(easter, 60) },
  // Hebrew calendar (evening before)
  { name: 'Rosh Hashanah', pattern: 'rosh hashann?ah?|yom teruah', days: hebrew('tishri', 1), length: 3 },
  { name: 'Yom Kippur', pattern: 'yom kippur', days: hebrew('tishri', 10) },
  { name: 'Sukkot', pattern: 'feast of (?:booths|tabernacles|the ingathering)|su[ck]{2}o[st]', days: hebrew('tishri', 15), length: 9 },
  { name: 'Shemini Atzeret', pattern: 'shemini atzeret', days: hebrew('tishri', 22) },
  { name: 'Simchat Torah', pattern: 'simc?hat torah', days: hebrew('tishri', 23) },
  { name: 'Hanukkah', pattern: 'c?hann?ukk?ah?', days: hebrew('kislev', 25), length: 8 },
  { name: 'Tu BiShvat', pattern: "tu b[i']?shvat", days: hebrew('shevat', 15) },
  { name: 'Shushan Purim', pattern: 'shushan purim', days: hebrew('adar', 15) },
  { name: 'Purim', pattern: 'purim', days: hebrew('adar', 14) },
  { name: 'Passover', pattern: 'passover|pesa[ck]?h', days: hebrew('nisan', 15), length: 9 },
  { name: 'Yom HaShoah', pattern: 'yom hashoah|holocaust (?:remembrance )?day', days: hebrew('nisan', 27) },
  {
    name: "Yom Ha'atzmaut",
    pattern: "yom ha'?atzmaut",
    // 5 Iyar, brought forward to Thursday from Friday or Saturday, put off to Tuesday from Monday.
    days: one((y) => {
      const t = hebrewDate(y, 'iyar', 5);
      if (t === undefined) return undefined;
      const dow = dowOf(t);
      const day = dow === 5 ? t - DAY_MS : dow === 6 ? t - 2 * DAY_MS : dow === 1 ? t + DAY_MS : t;
      return day - DAY_MS;
    }),
  },
  { name: 'Lag BaOmer', pattern: "lag b[a']?omer", days: hebrew('iyar', 18) },
  { name: 'Shavuot', pattern: "feast of weeks|shavu'?oth?|shovuos", days: shift(hebrew('nisan', 15), 50), length: 3 },
  {
    name: "Tisha B'Av",
    pattern: "tisha b'?av",
    days: one((y) => {
      const t = hebrewDate(y, 'av', 9);
      if (t === undefined) return undefined;
      // The fast moves to Sunday when the 9th of Av is a Saturday.
      return (dowOf(t) === 6 ? t + DAY_MS : t) - DAY_MS;
    }),
  },
  // Islamic calendar
  { name: 'Islamic New Year', pattern: '(?:arabic|hijri|islamic) new year|amun jadid|muharram', days: islamic(1, 1) },
  { name: 'Ashura', pattern: '(?:day of )?ashura', days: islamic(1, 10) },
  { name: 'Mawlid', pattern: "mawlid(?: al-nab(?:awi|i al-sharif))?|mevli[dt]|mulud|birth(?:day)? of (?:the )?prophet(?: muhammad)?|(?:the )?prophet'?s birthday", days: islamic(3, 12) },
  { name: "Isra and Mi'raj", pattern: "isra and mi'?raj|(?:the )?prophet'?s'? ascension|(?:the )?ascension to heaven|the night journey", days: islamic(7, 27) },
  { name: 'Ramadan', pattern: 'rama[dt]h?an|ramzaa?n', days: islamic(9, 1), length: ramadanLength },
  { name: 'Laylat al-Qadr', pattern: 'laylat al[-\\s][qk]adr|night of (?:destiny|measures|power|value)', days: islamic(9, 27) },
  { name: 'Eid al-Fitr', pattern: 'eid al[-\\s]fitr|e?id[-\\s]ul[-\\s]fitr', days: islamic(10, 1) },
  { name: 'Eid al-Adha', pattern: 'bakr[-\\s]e?id|e?id [au]l[-\\s]adha|sacrifice feast|feast of (?:the )?sacrifice', days: islamic(12, 10) },
  { name: "Jumu'atul-Wida", pattern: "jumu'?atul[-\\s]widaa?'?|jamat[-\\s]ul[-\\s]vida", days: (y) => islamicDates(y, 10, 1).map(lastFridayBefore) },
  // Hindu calendar (panchang computed for New Delhi)
  { name: 'Ugadi', pattern: 'ugadi|yugadi|gudi padwa|chaitra sukh?ladi|hindu new year', days: tithi('chaitra', 1) },
  { name: 'Rama Navami', pattern: 'ram(?:a)? navami', days: tithi('chaitra', 9) },
  { name: 'Mahavir Jayanti', pattern: 'mahavir(?:a)? jayanti', days: tithi('chaitra', 13) },
  { name: 'Hanuman Jayanti', pattern: 'hanuman jayanti', days: tithi('chaitra', 15) },
  { name: 'Akshaya Tritiya', pattern: 'akshaya? tritiya|akha teej', days: tithi('vaishakha', 3) },
  { name: 'Buddha Purnima', pattern: 'buddha (?:purnima|jayanti)', days: tithi('vaishakha', 15) },
  { name: 'Vesak', pattern: 'v(?:e|ai)sak(?:ha)?|buddha day', days: one((y) => fullMoonDay(y, 5)) },
  { name: 'Ratha Yatra', pattern: 'rath(?:a)?[-\\s]?yatra', days: tithi('ashadha', 2) },
  { name: 'Guru Purnima', pattern: 'guru purnima', days: tithi('ashadha', 15) },
  { name: 'Raksha Bandhan', pattern: 'raksha ?bandhan|rakhi', days: tithi('shravana', 15) },
  { name: 'Krishna Janmashtami', pattern: '(?:krishna )?janmashtami|gokulashtami', days: tithi('shravana', 23, 'midnight') },
  { name: 'Ganesh Chaturthi', pattern: 'ganesh(?:a)? chaturthi|vinayaka chaturthi', days: tithi('bhadrapada', 4) },
  { name: 'Navaratri', pattern: 'durga puja|durgotsava|nava?rath?ri', days: navaratri, length: 10 },
  { name: 'Maha Saptami', pattern: 'maha saptami', days: shift(navaratri, 6) },
  { name: 'Durga Ashtami', pattern: '(?:durga|maha)(?: a)?shtami', days: shift(navaratri, 7) },
  { name: 'Maha Navami', pattern: 'maha navami', days: shift(navaratri, 8) },
  { name: 'Vijayadashami', pattern: 'dasara|duss(?:eh|he)ra|vijaya ?dashami', days: shift(navaratri, 9) },
  { name: 'Valmiki Jayanti', pattern: 'valmiki jayanti|pargat diwas|sharad purnima', days: tithi('ashvin', 15) },
  { name: 'Karva Chauth', pattern: 'karva ?chauth|karwa ?chauth', days: tithi('ashvin', 19) },
  { name: 'Dhanteras', pattern: 'dhanatrayodashi|dhanteras|dhanvantari trayodashi', days: dhanteras },
  { name: 'Naraka Chaturdashi', pattern: 'naraka? (?:nivaran )?chaturdashi|(?:kali|roop) chaudas|choti diwali', days: shift(dhanteras, 1) },
  { name: 'Diwali', pattern: 'deepavali|diwali|lakshmi puja', days: shift(dhanteras, 2) },
  { name: 'Govardhan Puja', pattern: 'govardhan puja|annak(?:u|oo)t', days: shift(dhanteras, 3) },
  { name: 'Bhai Dooj', pattern: 'bhai(?:ya)? d(?:u|oo)j|bhau-beej|bhai (?:tika|phonta)', days: shift(dhanteras, 4) },
  { name: 'Chhath', pattern: 'chhathi?(?: (?:parv|puja))?|dala (?:chhath|puja)|surya shashthi', days: shift(dhanteras, 8) },
  { name: 'Guru Nanak Jayanti', pattern: 'guru nanak (?:jayanti|gurpurab|birthday)|kartika? purnima', days: tithi('kartika', 15) },
  { name: 'Guru Gobind Singh Jayanti', pattern: 'guru (?:gobind|govind) singh (?:birthday|jayanti)', days: tithi('pausha', 7) },
  { name: 'Vasant Panchami', pattern: '[bv]asant panchami|saraswati puja', days: tithi('magha', 5) },
  { name: 'Guru Ravidass Jayanti', pattern: 'guru ravidass? (?:birthday|jayanti)', days: tithi('magha', 15) },
  { name: 'Dayananda Saraswati Jayanti', pattern: '(?:(?:maharishi|swami) )?(?:dayananda? )?saraswati jayanti', days: tithi('magha', 25) },
  { name: 'Maha Shivaratri', pattern: 'maha ?shivaratri|shivaratri', days: tithi('magha', 29, 'midnight') },
  { name: 'Holika Dahan', pattern: 'holika dahan|kamudu pyre|chhoti holi', days: holika },
  { name: 'Holi', pattern: '(?:rangwali )?holi|dhuleti|dhulandi|phagwah', days: shift(holika, 1) },
  { name: 'Lohri', pattern: 'lohri', days: shift(makara, -1) },
  { name: 'Boghi', pattern: 'boghi|bogi pandigai', days: shift(makara, -1) },
  { name: 'Thai Pongal', pattern: '(?:thai )?pongal|pongal pandigai|(?:makara? |magha )?sankranth?i|maghi', days: makara },
  { name: 'Mattu Pongal', pattern: 'maa?ttu pongal', days: shift(makara, 1) },
  { name: 'Kaanum Pongal', pattern: '(?:kaanum|kanni) pongal', days: shift(makara, 2) },
  { name: 'Vaisakhi', pattern: 'mesadi|[bv]aisakhi|vaisakhadi|vasakhi|vaishakhi', days: one((y) => sankranti(y, 0)) },
  { name: 'Rabindra Jayanti', pattern: 'rabindra(?:nath)? jayanti', days: shift(one((y) => sankranti(y, 0)), 25) },
  { name: 'Onam', pattern: '(?:thiru(?:v|\\s+))?onam', days: one((y) => nakshatraDayInSign(y, 4, 21)) },
  // Chinese calendar
  { name: 'Chinese New Year', pattern: "chinese (?:lunar )?new year(?:'?s(?: day)?)?|lunar new year(?:'?s(?: day)?)?|spring festival", days: one(chineseNewYear) },
];

function lastFridayBefore(t: Civil): Civil {
  let x = t - DAY_MS;
  while (dowOf(x) !== 5) x -= DAY_MS;
  return x;
}

function ramadanLength(start: Civil): number {
  // Up to the day before Eid al-Fitr, found as the next 1 Shawwal after the start.
  for (const y of [new Date(start).getUTCFullYear(), new Date(start).getUTCFullYear() + 1]) {
    for (const eid of islamicDates(y, 10, 1)) if (eid > start) return Math.round((eid - start) / DAY_MS);
  }
  return 30;
}

/** The holiday as a time: a series of its days (or intervals) over the years. */
export function holidayTime(h: Holiday): TimeData {
  const objects = (y: number): TimeObject[] =>
    h.days(y).map((start): TimeObject => {
      if (h.minutes) {
        const s = start + h.minutes[0] * 60_000;
        return { start: s, grain: h.grain ?? 'minute', end: s + h.minutes[1] * 60_000 };
      }
      const len = typeof h.length === 'function' ? h.length(start) : h.length;
      return len === undefined ? { start, grain: 'day' } : { start, grain: 'day', end: start + len * DAY_MS };
    });
  const grain = h.minutes ? (h.grain ?? 'minute') : 'day';
  const isInterval = h.length !== undefined || h.minutes !== undefined;
  return td(seriesPred(yearlySeries(objects)), grain, { okForThisNext: true, holiday: h.name, ...(isInterval ? { isInterval } : {}) });
}

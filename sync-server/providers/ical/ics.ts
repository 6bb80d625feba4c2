import ICAL from 'ical.js';
import { z } from 'zod';
import { CalendarEventSchema, isAllDayTime, type Attendee, type EventTime, type Organizer } from '../../../src/domain/event';
import { addDaysToLocalDate, instantToLocal, isValidLocalDate, isValidLocalDateTime, localToInstant, normalizeLocalDateTime } from '../../../src/domain/time';
import { InvalidProviderDataError, type ItemContent, type ProviderEvent } from '../connector';
import { convertLocal, resolveTzid, vtimezoneFor, type ZoneContext } from './timezones';

/**
 * iCalendar (RFC 5545) to and from TempoPilot's events. One item is one VCALENDAR holding one UID:
 * the master VEVENT and its RECURRENCE-ID overrides, plus a VTIMEZONE for every zone they use.
 *
 * Read and kept: SUMMARY, DTSTART/DTEND (or DURATION), LOCATION, DESCRIPTION, STATUS, TRANSP,
 * RRULE, EXDATE, RECURRENCE-ID, ORGANIZER, ATTENDEE (CN, PARTSTAT, ROLE). Everything else (VALARM,
 * CATEGORIES, X- properties, RDATE, ATTACH, ...) is dropped on the way in and so does not survive
 * an edit made through TempoPilot.
 */

const PRODID = '-//TempoPilot//CalDAV connector//EN';
/** Apple's convention for an attendee known only by name: ATTENDEE needs a URI. */
const NO_MAIL = 'invalid:nomail';

const ProviderEventSchema = CalendarEventSchema.omit({ id: true, calendarId: true, seriesId: true });

const RESPONSE_TO_PARTSTAT: Record<Attendee['response'], string> = {
  needsAction: 'NEEDS-ACTION',
  accepted: 'ACCEPTED',
  declined: 'DECLINED',
  tentative: 'TENTATIVE',
};
const PARTSTAT_TO_RESPONSE = new Map(Object.entries(RESPONSE_TO_PARTSTAT).map(([response, partstat]) => [partstat, response as Attendee['response']]));

function icsTime(local: string): ICAL.Time {
  return local.length === 10 ? ICAL.Time.fromDateString(local) : ICAL.Time.fromDateTimeString(normalizeLocalDateTime(local));
}

/** DTSTART-like property: `VALUE=DATE`, a UTC `Z` time, or a wall time with its TZID. */
function timeProperty(name: string, local: string, timeZone: string | undefined): ICAL.Property {
  const property = new ICAL.Property(name);
  const time = icsTime(local);
  if (timeZone === 'UTC') time.zone = ICAL.Timezone.utcTimezone;
  else if (timeZone !== undefined && local.length > 10) property.setParameter('tzid', timeZone);
  property.setValue(time);
  return property;
}

function eventTimeProperty(name: string, time: EventTime): ICAL.Property {
  return isAllDayTime(time) ? timeProperty(name, time.date, undefined) : timeProperty(name, time.dateTime, time.timeZone);
}

function personAddress(person: { email?: string | undefined }): string {
  return person.email ? `mailto:${person.email}` : NO_MAIL;
}

function organizerProperty(organizer: Organizer): ICAL.Property {
  const property = new ICAL.Property('organizer');
  if (organizer.name !== undefined) property.setParameter('cn', organizer.name);
  property.setValue(personAddress(organizer));
  return property;
}

function attendeeProperty(attendee: Attendee): ICAL.Property {
  const property = new ICAL.Property('attendee');
  if (attendee.name !== undefined) property.setParameter('cn', attendee.name);
  property.setParameter('partstat', RESPONSE_TO_PARTSTAT[attendee.response]);
  property.setParameter('role', attendee.optional ? 'OPT-PARTICIPANT' : 'REQ-PARTICIPANT');
  property.setValue(personAddress(attendee));
  return property;
}

function masterZone(master: ProviderEvent): string | undefined {
  return isAllDayTime(master.start) ? undefined : master.start.timeZone;
}

function veventOf(uid: string, event: ProviderEvent, master: ProviderEvent, stamp: ICAL.Time): ICAL.Component {
  const vevent = new ICAL.Component('vevent');
  vevent.addPropertyWithValue('uid', uid);
  vevent.addPropertyWithValue('dtstamp', stamp);
  if (event.originalStart !== undefined) vevent.addProperty(timeProperty('recurrence-id', event.originalStart, masterZone(master)));
  vevent.addProperty(eventTimeProperty('dtstart', event.start));
  vevent.addProperty(eventTimeProperty('dtend', event.end));
  vevent.addPropertyWithValue('summary', event.title);
  if (event.location !== undefined) vevent.addPropertyWithValue('location', event.location);
  if (event.description !== undefined) vevent.addPropertyWithValue('description', event.description);
  vevent.addPropertyWithValue('status', event.status.toUpperCase());
  vevent.addPropertyWithValue('transp', event.transparency.toUpperCase());
  if (event.recurrence && event.originalStart === undefined) {
    vevent.addPropertyWithValue('rrule', ICAL.Recur.fromString(event.recurrence.rule.replace(/^RRULE:/i, '')));
    for (const exdate of event.recurrence.exdates) vevent.addProperty(timeProperty('exdate', exdate, masterZone(event)));
  }
  if (event.organizer) vevent.addProperty(organizerProperty(event.organizer));
  for (const attendee of event.attendees) vevent.addProperty(attendeeProperty(attendee));
  return vevent;
}

/** The zones an item's times use, each with the years it needs them for. */
function zonesUsed(events: readonly ProviderEvent[]): Map<string, { from: number; to: number }> {
  const zones = new Map<string, { from: number; to: number }>();
  const note = (zone: string | undefined, local: string) => {
    if (zone === undefined || zone === 'UTC') return;
    const year = Number(local.slice(0, 4));
    const known = zones.get(zone);
    zones.set(zone, { from: Math.min(known?.from ?? year, year), to: Math.max(known?.to ?? year, year) });
  };
  const master = events[0];
  for (const event of events) {
    for (const time of [event.start, event.end]) if (!isAllDayTime(time)) note(time.timeZone, time.dateTime);
    const seriesZone = master ? masterZone(master) : undefined;
    if (event.originalStart !== undefined) note(seriesZone, event.originalStart);
    for (const exdate of event.recurrence?.exdates ?? []) note(seriesZone, exdate);
  }
  return zones;
}

function assertWritable(content: ItemContent): void {
  const [master, ...overrides] = content.events;
  if (!content.uid) throw new TypeError('an item needs a UID');
  if (!master || master.originalStart !== undefined) throw new TypeError(`item ${content.uid}: the master (no originalStart) must come first`);
  if (overrides.some((event) => event.originalStart === undefined)) throw new TypeError(`item ${content.uid}: every event after the master must be an override with originalStart`);
}

/** The VCALENDAR text of one item. */
export function toICalendar(content: ItemContent, now: Date = new Date()): string {
  assertWritable(content);
  const master = content.events[0] as ProviderEvent;
  const vcalendar = new ICAL.Component('vcalendar');
  vcalendar.addPropertyWithValue('version', '2.0');
  vcalendar.addPropertyWithValue('prodid', PRODID);
  for (const [zone, years] of zonesUsed(content.events)) {
    vcalendar.addSubcomponent(ICAL.Component.fromString(vtimezoneFor(zone, years.from - 1, years.to + 1)));
  }
  const stamp = ICAL.Time.fromJSDate(new Date(Math.floor(now.getTime() / 1000) * 1000), true);
  for (const event of content.events) vcalendar.addSubcomponent(veventOf(content.uid, event, master, stamp));
  return `${vcalendar.toString()}\r\n`;
}

interface ReadTime {
  /** `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm:ss`, as written. */
  local: string;
  /** undefined for a DATE. */
  zone: string | undefined;
}

function localOf(time: ICAL.Time): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const date = `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}`;
  return time.isDate ? date : `${date}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}`;
}

/** ical.js rolls an impossible date (month 13) over into a real one: refuse it instead. */
function assertRealDates(property: ICAL.Property): void {
  const raw = (property.jCal as unknown[]).slice(3);
  const bad = raw.find((value) => typeof value !== 'string' || !(isValidLocalDate(value) || isValidLocalDateTime(value.replace(/Z$/, ''))));
  if (bad !== undefined) throw new InvalidProviderDataError(`${property.name.toUpperCase()} holds an impossible date "${String(bad)}"`);
}

function readTimes(property: ICAL.Property, zones: ZoneContext): ReadTime[] {
  assertRealDates(property);
  const tzid = property.getParameter('tzid');
  return property.getValues().map((value) => {
    if (!(value instanceof ICAL.Time)) throw new InvalidProviderDataError(`${property.name.toUpperCase()} is not a date or date-time`);
    const local = localOf(value);
    if (value.isDate) return { local, zone: undefined };
    if (value.zone === ICAL.Timezone.utcTimezone) return { local, zone: 'UTC' };
    if (typeof tzid === 'string') return { local, zone: resolveTzid(tzid, zones, local) };
    return { local, zone: zones.defaultTimeZone };
  });
}

function readTime(vevent: ICAL.Component, name: string, zones: ZoneContext): ReadTime | undefined {
  const property = vevent.getFirstProperty(name);
  return property ? readTimes(property, zones)[0] : undefined;
}

function toEventTime(time: ReadTime): EventTime {
  return time.zone === undefined ? { date: time.local } : { dateTime: time.local, timeZone: time.zone };
}

/** A RECURRENCE-ID or EXDATE in the master's own form and zone, as the domain keys instances. */
function inMasterForm(time: ReadTime, masterStart: EventTime): string {
  if (isAllDayTime(masterStart)) return time.local.slice(0, 10);
  if (time.zone === undefined) return `${time.local}T${masterStart.dateTime.slice(11)}`;
  return convertLocal(time.local, time.zone, masterStart.timeZone);
}

/** DTEND, else DTSTART + DURATION, else RFC 5545's default (one day, or zero length). */
function endOf(vevent: ICAL.Component, start: ReadTime, zones: ZoneContext): EventTime {
  const end = readTime(vevent, 'dtend', zones);
  if (end) return toEventTime(end.zone === undefined && start.zone !== undefined ? { local: `${end.local}T00:00:00`, zone: start.zone } : end);
  const duration = vevent.getFirstPropertyValue('duration');
  if (start.zone === undefined) {
    const days = duration instanceof ICAL.Duration ? Math.max(1, Math.floor(duration.toSeconds() / 86_400)) : 1;
    return { date: addDaysToLocalDate(start.local, days) };
  }
  if (!(duration instanceof ICAL.Duration)) return toEventTime(start);
  const sign = duration.isNegative ? -1 : 1;
  // Days and weeks are nominal (wall-clock) in RFC 5545, hours and less are exact.
  const wallDays = sign * (duration.weeks * 7 + duration.days);
  const exactMs = sign * ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000;
  const shifted = `${addDaysToLocalDate(start.local.slice(0, 10), wallDays)}${start.local.slice(10)}`;
  return { dateTime: instantToLocal(localToInstant(shifted, start.zone) + exactMs, start.zone), timeZone: start.zone };
}

function personOf(property: ICAL.Property): { name?: string; email?: string } {
  const value = String(property.getFirstValue() ?? '');
  const name = property.getParameter('cn');
  const email = /^mailto:/i.test(value) ? decodeURIComponent(value.slice(7)) : undefined;
  return { ...(typeof name === 'string' ? { name } : {}), ...(email ? { email } : {}) };
}

function attendeeOf(property: ICAL.Property): Attendee {
  const partstat = String(property.getParameter('partstat') ?? 'NEEDS-ACTION').toUpperCase();
  const role = String(property.getParameter('role') ?? 'REQ-PARTICIPANT').toUpperCase();
  return { ...personOf(property), response: PARTSTAT_TO_RESPONSE.get(partstat) ?? 'needsAction', optional: role === 'OPT-PARTICIPANT' || role === 'NON-PARTICIPANT' };
}

function textOf(vevent: ICAL.Component, name: string): string | undefined {
  const value = vevent.getFirstPropertyValue(name);
  return value === null || value === undefined ? undefined : String(value);
}

function eventOf(vevent: ICAL.Component, zones: ZoneContext, master: ProviderEvent | undefined): ProviderEvent {
  const start = readTime(vevent, 'dtstart', zones);
  if (!start) throw new InvalidProviderDataError('a VEVENT has no DTSTART');
  const event: ProviderEvent = {
    title: textOf(vevent, 'summary') ?? '',
    start: toEventTime(start),
    end: endOf(vevent, start, zones),
    attendees: vevent.getAllProperties('attendee').map(attendeeOf),
    status: (textOf(vevent, 'status')?.toLowerCase() as ProviderEvent['status'] | undefined) ?? 'confirmed',
    transparency: textOf(vevent, 'transp')?.toUpperCase() === 'TRANSPARENT' ? 'transparent' : 'opaque',
  };
  if (!['confirmed', 'tentative', 'cancelled'].includes(event.status)) event.status = 'confirmed';
  const location = textOf(vevent, 'location');
  if (location !== undefined) event.location = location;
  const description = textOf(vevent, 'description');
  if (description !== undefined) event.description = description;
  const organizer = vevent.getFirstProperty('organizer');
  if (organizer) event.organizer = personOf(organizer);
  const recurrenceId = readTime(vevent, 'recurrence-id', zones);
  if (recurrenceId && master) {
    event.originalStart = inMasterForm(recurrenceId, master.start);
  } else {
    const rule = vevent.getFirstPropertyValue('rrule');
    if (rule instanceof ICAL.Recur) {
      const exdates = vevent.getAllProperties('exdate').flatMap((property) => readTimes(property, zones).map((time) => inMasterForm(time, event.start)));
      event.recurrence = { rule: rule.toString(), exdates: [...new Set(exdates)] };
    }
  }
  return event;
}

export interface ReadOptions {
  /** The zone floating times and unexplained TZIDs are read in: the calendar's, else UTC. */
  defaultTimeZone?: string;
}

/**
 * One item from VCALENDAR text: the master first, then its overrides ordered by original start.
 * `InvalidProviderDataError` for text that is not iCalendar, has no VEVENT, mixes UIDs, or holds
 * only overrides (an invitation to single instances whose series is not in this calendar).
 */
export function fromICalendar(text: string, options: ReadOptions = {}): ItemContent {
  let vcalendar: ICAL.Component;
  try {
    vcalendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    throw new InvalidProviderDataError(`not iCalendar: ${(error as Error).message}`, { cause: error });
  }
  if (vcalendar.name !== 'vcalendar') throw new InvalidProviderDataError(`expected a VCALENDAR, found ${vcalendar.name.toUpperCase()}`);
  const vevents = vcalendar.getAllSubcomponents('vevent');
  if (vevents.length === 0) throw new InvalidProviderDataError('the calendar object holds no VEVENT');
  const uids = new Set(vevents.map((vevent) => textOf(vevent, 'uid')));
  const uid = [...uids][0];
  if (uids.size !== 1 || !uid) throw new InvalidProviderDataError(`a calendar object must hold one UID, found ${[...uids].join(', ') || 'none'}`);
  const zones: ZoneContext = {
    vtimezones: new Map(vcalendar.getAllSubcomponents('vtimezone').map((vtimezone) => [String(vtimezone.getFirstPropertyValue('tzid')), new ICAL.Timezone(vtimezone)])),
    defaultTimeZone: options.defaultTimeZone ?? 'UTC',
  };
  const masters = vevents.filter((vevent) => !vevent.hasProperty('recurrence-id'));
  if (masters.length !== 1) {
    throw new InvalidProviderDataError(masters.length === 0 ? `item ${uid} holds only overrides: its series is not in this calendar` : `item ${uid} holds ${masters.length} masters`);
  }
  try {
    const master = eventOf(masters[0] as ICAL.Component, zones, undefined);
    const overrides = vevents
      .filter((vevent) => vevent.hasProperty('recurrence-id'))
      .map((vevent) => eventOf(vevent, zones, master))
      .sort((a, b) => (a.originalStart ?? '').localeCompare(b.originalStart ?? ''));
    const events = z.array(ProviderEventSchema).parse([master, ...overrides]);
    return { uid, events };
  } catch (error) {
    if (error instanceof InvalidProviderDataError) throw new InvalidProviderDataError(`item ${uid}: ${error.message}`, { cause: error });
    throw new InvalidProviderDataError(`item ${uid} cannot be read: ${(error as Error).message}`, { cause: error });
  }
}


import Database from 'better-sqlite3';
import path from 'node:path';
import type { Calendar, CalendarEvent } from '../../domain/event';
import { CalendarStore } from '../../store';
import { Assistant, type AssistantOptions, type SayOptions } from '../assistant';
import type { Turn } from '../turn';

/**
 * A week of calendar for the scenario tests: Monday 23 March 2026, 08:30 in Berlin, the week
 * Europe's clocks go forward (Sunday 29 March, 02:00 -> 03:00).
 */
export const ZONE = 'Europe/Berlin';
export const NOW = Date.parse('2026-03-23T08:30:00+01:00');

export const at = (dateTime: string) => ({ dateTime, timeZone: ZONE });
export const person = (name: string) => ({ name, response: 'accepted' as const, optional: false });
const base = { attendees: [], status: 'confirmed' as const, transparency: 'opaque' as const };

export const CALENDARS: Calendar[] = [
  { id: 'personal', name: 'Personal', timeZone: ZONE, readOnly: false },
  { id: 'holidays', name: 'Holidays', timeZone: ZONE, readOnly: true },
];

export const EVENTS: CalendarEvent[] = [
  {
    ...base, id: 'standup', calendarId: 'personal', title: 'Standup', start: at('2026-03-02T09:00:00'), end: at('2026-03-02T09:15:00'),
    attendees: [person('Dana'), person('Sam')], recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', exdates: ['2026-03-16T09:00:00'] },
  },
  {
    ...base, id: 'standup-fri', calendarId: 'personal', title: 'Standup', start: at('2026-03-27T09:30:00'), end: at('2026-03-27T09:45:00'),
    attendees: [person('Dana'), person('Sam')], seriesId: 'standup', originalStart: '2026-03-27T09:00:00',
  },
  {
    ...base, id: 'roadmap', calendarId: 'personal', title: 'Roadmap review', start: at('2026-03-02T11:00:00'), end: at('2026-03-02T12:00:00'),
    attendees: [person('Priya')], recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO', exdates: [] },
  },
  { ...base, id: 'one-on-one', calendarId: 'personal', title: '1:1 with Dana', start: at('2026-03-23T15:00:00'), end: at('2026-03-23T15:30:00'), attendees: [person('Dana')] },
  { ...base, id: 'design-sync', calendarId: 'personal', title: 'Design sync', start: at('2026-03-24T10:00:00'), end: at('2026-03-24T10:30:00'), attendees: [person('Dana'), person('Sam')] },
  { ...base, id: 'lunch', calendarId: 'personal', title: 'Lunch with Priya', start: at('2026-03-25T12:30:00'), end: at('2026-03-25T13:30:00'), attendees: [person('Priya')] },
  { ...base, id: 'gym', calendarId: 'personal', title: 'Gym', start: at('2026-03-25T18:00:00'), end: at('2026-03-25T19:00:00') },
  { ...base, id: 'customer-call', calendarId: 'personal', title: 'Customer call', start: at('2026-03-26T09:30:00'), end: at('2026-03-26T10:30:00'), attendees: [person('Alex')] },
  { ...base, id: 'dentist', calendarId: 'personal', title: 'Dentist', start: at('2026-03-26T16:00:00'), end: at('2026-03-26T17:00:00'), location: 'Zahnarzt Mitte' },
  { ...base, id: 'design-review', calendarId: 'personal', title: 'Design review', start: at('2026-03-27T14:00:00'), end: at('2026-03-27T15:00:00'), attendees: [person('Priya'), person('Sam')] },
  { ...base, id: 'birthday', calendarId: 'personal', title: "Mom's birthday", start: { date: '2026-03-28' }, end: { date: '2026-03-29' }, transparency: 'transparent' },
  { ...base, id: 'offsite', calendarId: 'personal', title: 'Company offsite', start: { date: '2026-04-02' }, end: { date: '2026-04-04' }, transparency: 'transparent' },
  { ...base, id: 'bank-holiday', calendarId: 'holidays', title: 'Bank holiday', start: { date: '2026-04-03' }, end: { date: '2026-04-04' }, transparency: 'transparent' },
];

/** How the stored events differ from the seeded week; only the parts that changed are present. */
export interface CalendarChanges {
  added?: Record<string, CalendarEvent>;
  removed?: string[];
  /** Per event, each field that changed with its new value (null: the field is gone). */
  changed?: Record<string, Record<string, unknown>>;
}

export interface SeededWeek {
  store: CalendarStore;
  assistant: Assistant;
  file: string;
  say(text: string, options?: SayOptions): Promise<Turn>;
  /** Every stored event, by id, exactly as stored. */
  events(): Map<string, CalendarEvent>;
  /** What the turns so far changed in the stored events. */
  changes(): CalendarChanges;
  close(): void;
}

export function diffEvents(before: ReadonlyMap<string, CalendarEvent>, after: ReadonlyMap<string, CalendarEvent>): CalendarChanges {
  const added: Record<string, CalendarEvent> = {};
  const changed: Record<string, Record<string, unknown>> = {};
  const removed = [...before.keys()].filter((id) => !after.has(id));
  for (const [id, event] of after) {
    const old = before.get(id);
    if (!old) {
      added[id] = event;
      continue;
    }
    const fields: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(old), ...Object.keys(event)])) {
      const was = (old as Record<string, unknown>)[key];
      const now = (event as Record<string, unknown>)[key];
      if (JSON.stringify(was) !== JSON.stringify(now)) fields[key] = now ?? null;
    }
    if (Object.keys(fields).length > 0) changed[id] = fields;
  }
  return {
    ...(Object.keys(added).length > 0 && { added }),
    ...(removed.length > 0 && { removed }),
    ...(Object.keys(changed).length > 0 && { changed }),
  };
}

/** The seeded week in a fresh cache in `dir`, with new event ids new-1, new-2 ... */
export function seededWeek(dir: string, options: Partial<AssistantOptions> = {}): SeededWeek {
  const file = path.join(dir, 'cache.db');
  const store = CalendarStore.open({ file, now: () => NOW });
  // As pulled from the sync server: confirmed state, nothing in the outbox, nothing to undo.
  store.applyPulled(
    [
      ...CALENDARS.map((calendar) => ({ kind: 'calendar' as const, version: 1, calendar })),
      ...EVENTS.map((event) => ({ kind: 'event' as const, version: 1, eventId: event.id, deleted: false, event })),
    ],
    1,
  );
  let next = 0;
  const assistant = new Assistant({ store, zone: ZONE, clock: () => NOW, newId: () => `new-${(next += 1)}`, ...options });
  const reader = new Database(file, { readonly: true });
  const rows = reader.prepare<[], { id: string; data: string }>('select id, data from events order by id');
  const events = () => new Map(rows.all().map((row) => [row.id, JSON.parse(row.data) as CalendarEvent]));
  const seeded = events();
  return {
    store,
    assistant,
    file,
    say: (text, sayOptions) => assistant.say(text, sayOptions),
    events,
    changes: () => diffEvents(seeded, events()),
    close: () => {
      reader.close();
      store.close();
    },
  };
}

/** A new event as the assistant makes it: invited people have not answered yet. */
export const invited = (name: string) => ({ name, response: 'needsAction' as const, optional: false });

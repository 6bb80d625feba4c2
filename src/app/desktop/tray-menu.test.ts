import { describe, expect, it } from 'vitest';
import type { AgendaEntry } from '../../domain/agenda';
import { localToInstant } from '../../domain/time';
import { buildTrayMenu, nextEvents, type TrayMenuInput } from './tray-menu';

const ZONE = 'Europe/Berlin';
const at = (local: string) => localToInstant(local, ZONE);

function entry(id: string, title: string, start: string, end: string, extra: Partial<AgendaEntry> = {}): AgendaEntry {
  return {
    eventId: id,
    calendarId: 'personal',
    originalStart: start,
    title,
    status: 'confirmed',
    transparency: 'opaque',
    allDay: false,
    recurring: false,
    start: { dateTime: start, timeZone: ZONE },
    end: { dateTime: end, timeZone: ZONE },
    startsAt: at(start),
    endsAt: at(end),
    ...extra,
  };
}

const day = [
  entry('standup', 'Standup', '2026-12-03T09:00', '2026-12-03T09:15'),
  entry('review', 'Design review', '2026-12-03T10:00', '2026-12-03T11:00'),
  entry('lunch', 'Lunch with Dana', '2026-12-03T12:00', '2026-12-03T13:00'),
  entry('gone', 'Cancelled sync', '2026-12-03T14:00', '2026-12-03T14:30', { status: 'cancelled' }),
  entry('1on1', '1:1', '2026-12-03T15:00', '2026-12-03T15:30'),
  entry('gym', 'Gym', '2026-12-03T18:00', '2026-12-03T19:00'),
  entry('call', 'Call mom', '2026-12-03T20:00', '2026-12-03T20:15', { transparency: 'transparent' }),
  entry('holiday', 'Hanukkah', '2026-12-03', '2026-12-04', { allDay: true, start: { date: '2026-12-03' }, end: { date: '2026-12-04' }, startsAt: at('2026-12-03T00:00'), endsAt: at('2026-12-04T00:00') }),
];

const base: TrayMenuInput = {
  entries: day,
  now: at('2026-12-03T10:30'),
  timeZone: ZONE,
  listening: false,
  hotkeyLabel: 'Ctrl+Alt+Space',
  sync: { connected: true, paused: false },
};

const labels = (input: TrayMenuInput) => buildTrayMenu(input).map((item) => (item.kind === 'separator' ? '---' : item.label));

describe('the tray menu', () => {
  it('lists today\'s next events (all-day first, ongoing as "Now"), then the actions', () => {
    expect(labels(base)).toEqual([
      'Today',
      'All day  Hanukkah',
      'Now  Design review',
      '12:00  Lunch with Dana',
      '15:00  1:1',
      '18:00  Gym',
      '---',
      'Start listening (Ctrl+Alt+Space)',
      'Undo',
      '---',
      'Pause sync',
      '---',
      'Open TempoPilot',
      'Settings…',
      'Quit TempoPilot',
    ]);
  });

  it('opens an event from its line, and leaves Undo disabled until there is something to undo', () => {
    const menu = buildTrayMenu(base);
    expect(menu[3]).toEqual({ kind: 'action', label: '12:00  Lunch with Dana', action: { type: 'open-event', eventId: 'lunch' }, enabled: true });
    expect(menu.find((i) => i.kind === 'action' && i.action.type === 'undo')).toMatchObject({ enabled: false });
    expect(buildTrayMenu({ ...base, undoLabel: 'Added Gym' }).find((i) => i.kind === 'action' && i.action.type === 'undo')).toMatchObject({ label: 'Undo “Added Gym”', enabled: true });
  });

  it('offers Open at login as a checkbox where it can be set', () => {
    expect(labels(base)).not.toContain('Open at login');
    expect(buildTrayMenu({ ...base, openAtLogin: false }).find((i) => i.kind === 'checkbox')).toEqual({
      kind: 'checkbox',
      label: 'Open at login',
      checked: false,
      action: { type: 'set-open-at-login', openAtLogin: true },
    });
  });

  it('follows listening and sync state', () => {
    expect(labels({ ...base, listening: true })).toContain('Stop listening');
    expect(labels({ ...base, sync: { connected: true, paused: true } })).toContain('Resume sync');
    expect(labels({ ...base, sync: { connected: false, paused: false } })).toContain('Sync: not connected');
  });

  it('says when nothing is left today', () => {
    expect(labels({ ...base, entries: [], now: at('2026-12-03T23:00') }).slice(0, 3)).toEqual(['Today', 'Nothing else today', '---']);
    // The all-day entry lasts until midnight; every timed one is over.
    expect(nextEvents(day, at('2026-12-03T20:20')).map((e) => e.eventId)).toEqual(['holiday']);
  });
});

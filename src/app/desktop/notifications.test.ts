import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/client';
import type { AgendaEntry } from '../../domain/agenda';
import { localToInstant } from '../../domain/time';
import { appliedNotification, LatestChange, reminderNotification, undoChange } from './notifications';
import { announceAt } from './reminders';

const ZONE = 'Europe/Berlin';
const at = (local: string) => localToInstant(local, ZONE);

const review: AgendaEntry = {
  eventId: 'review',
  calendarId: 'personal',
  originalStart: '2026-12-03T10:00',
  title: 'Design review',
  location: 'Room 4',
  status: 'confirmed',
  transparency: 'opaque',
  allDay: false,
  recurring: false,
  start: { dateTime: '2026-12-03T10:00', timeZone: ZONE },
  end: { dateTime: '2026-12-03T11:00', timeZone: ZONE },
  startsAt: at('2026-12-03T10:00'),
  endsAt: at('2026-12-03T11:00'),
};

function undoClient(label: string | null) {
  const calls: string[] = [];
  const client = {
    send: async (name: string) => {
      calls.push(name);
      return { undone: label === null ? null : { label, eventIds: ['e1'] } };
    },
  } as unknown as ApiClient;
  return { client, calls };
}

describe('notifications', () => {
  it('are sent for applied plans only, with Undo', () => {
    const turn = { outcome: 'applied' as const, reply: 'Moved Standup to 10:00', eventIds: ['s1'] };
    expect(appliedNotification(turn, true)).toEqual({ kind: 'applied', title: 'TempoPilot', body: 'Moved Standup to 10:00', actions: [{ id: 'undo', label: 'Undo' }], eventId: 's1' });
    expect(appliedNotification({ ...turn, outcome: 'answered' }, true)).toBeUndefined();
    expect(appliedNotification({ ...turn, outcome: 'asked' }, true)).toBeUndefined();
  });

  it('announce a meeting with its time and place, with Snooze and Open', () => {
    expect(reminderNotification(review, at('2026-12-03T09:55'), ZONE)).toEqual({
      kind: 'reminder',
      title: 'Design review',
      body: 'In 5 min · 10:00–11:00 · Room 4',
      actions: [
        { id: 'snooze', label: 'Snooze 5 min' },
        { id: 'open', label: 'Open' },
      ],
      eventId: 'review',
    });
  });

  it('announce meetings ahead, reminders on time, and never all-day or cancelled entries', () => {
    expect(announceAt(review)).toBe(at('2026-12-03T09:55'));
    expect(announceAt({ ...review, transparency: 'transparent' })).toBe(at('2026-12-03T10:00'));
    expect(announceAt({ ...review, allDay: true })).toBeUndefined();
    expect(announceAt({ ...review, status: 'cancelled' })).toBeUndefined();
  });
});

describe('Undo from a notification', () => {
  it('calls history.undo while its change is the newest', async () => {
    const latest = new LatestChange();
    latest.applied({ outcome: 'applied', changeSetId: 7, reply: 'Added Gym' });
    const { client, calls } = undoClient('Added Gym');
    expect(await undoChange(client, latest, 7)).toEqual({ undone: true, reply: 'Undid: Added Gym' });
    expect(calls).toEqual(['history.undo']);
    // Taken back once: the same notification cannot undo the change before it.
    expect(await undoChange(client, latest, 7)).toMatchObject({ undone: false });
    expect(calls).toEqual(['history.undo']);
  });

  it('refuses once anything else changed, or for another change set', async () => {
    const latest = new LatestChange();
    latest.applied({ outcome: 'applied', changeSetId: 7, reply: 'Added Gym' });
    const { client, calls } = undoClient('Added Gym');
    expect(await undoChange(client, latest, 6)).toMatchObject({ undone: false, reply: expect.stringMatching(/no longer the latest/) });
    latest.superseded();
    expect(await undoChange(client, latest, 7)).toMatchObject({ undone: false });
    latest.applied({ outcome: 'answered', reply: 'You are free' });
    expect(latest.current).toBeUndefined();
    expect(calls).toEqual([]);
  });
});

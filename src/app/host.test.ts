import { describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../../tests/support/temp';
import { createClient } from '../api/client';
import type { HostEvent } from '../api/contract';
import { combineHandlers } from './dispatch';
import { createHost, inProcessTransport } from './host';

const tempDir = useTempDirs();

function start() {
  const host = createHost({ dataDir: tempDir(), timeZone: 'Europe/Berlin', now: () => Date.parse('2026-11-25T10:00:00Z') });
  const events: HostEvent[] = [];
  host.onEvent((event) => events.push(event));
  return { host, client: createClient(inProcessTransport(host)), events };
}

describe('the host, through the api client', () => {
  it('adds, lists, deletes and undoes, telling listeners each time', async () => {
    const { client, events } = start();
    const { event } = await client.send('events.create', { title: 'Dentist', start: '2026-12-03T09:00', end: '2026-12-03T10:00' });
    expect(event).toMatchObject({ calendarId: 'personal', start: { dateTime: '2026-12-03T09:00:00', timeZone: 'Europe/Berlin' } });
    const agenda = await client.send('agenda.list', { from: '2026-12-03', to: '2026-12-04' });
    expect(agenda.entries.map((e) => [e.title, new Date(e.startsAt).toISOString()])).toEqual([['Dentist', '2026-12-03T08:00:00.000Z']]);
    await client.send('events.delete', { id: event.id.slice(0, 8) });
    expect((await client.send('agenda.list', { from: '2026-12-03', to: '2026-12-04' })).entries).toEqual([]);
    expect(await client.send('history.undo', {})).toEqual({ undone: { label: 'delete "Dentist"', eventIds: [event.id] } });
    expect((await client.send('agenda.list', { from: '2026-12-03', to: '2026-12-04' })).entries).toHaveLength(1);
    expect(events.map((e) => [e.name, (e.payload as { reason: string }).reason])).toEqual([
      ['calendar.changed', 'local'],
      ['calendar.changed', 'local'],
      ['calendar.changed', 'undo'],
    ]);
  });

  it('answers bad calls with an error envelope, never a throw', async () => {
    const { client, host } = start();
    expect(await host.dispatch('events.explode', {})).toEqual({ ok: false, error: { code: 'unknown-method', message: 'unknown method "events.explode"' } });
    const badDate = await client.sendCatch('events.create', { title: 'X', start: '2026-02-30T09:00', end: '2026-02-30T10:00' });
    expect(badDate).toMatchObject({ ok: false, error: { code: 'invalid-args', message: expect.stringContaining('start: expected a date') } });
    const backwards = await client.sendCatch('events.create', { title: 'X', start: '2026-12-03T10:00', end: '2026-12-03T09:00' });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'invalid-args', message: 'the end must be after the start' } });
    const extra = await host.dispatch('agenda.list', { from: '2026-12-03', to: '2026-12-04', colour: 'red' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-args', message: 'unknown argument colour' } });
    expect(await client.sendCatch('events.delete', { id: 'nope-nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    await expect(client.send('events.get', { id: 'nope-nope' })).rejects.toMatchObject({ name: 'ApiError', code: 'not-found' });
  });

  it('embeds events in the background when given an encoder, and reports a failing one', async () => {
    const embedded: string[] = [];
    let failing = false;
    const encoder = {
      name: 'fake',
      dimensions: 512,
      async embed(texts: readonly string[]) {
        if (failing) throw new Error('encoder crashed');
        embedded.push(...texts);
        return texts.map((_, i) => Float32Array.from({ length: 512 }, (__, j) => Math.sin(i + j)));
      },
    };
    const host = createHost({ dataDir: tempDir(), timeZone: 'Europe/Berlin', encoder });
    const events: HostEvent[] = [];
    host.onEvent((event) => events.push(event));
    const client = createClient(inProcessTransport(host));
    await client.send('events.create', { title: 'Dentist', start: '2026-12-03T09:00', end: '2026-12-03T10:00', location: 'Main St' });
    await vi.waitFor(() => expect(host.context.store.eventsWithoutEmbedding(5)).toEqual([]));
    expect(embedded).toContain('Dentist at Main St');
    failing = true;
    await client.send('events.create', { title: 'Gym', start: '2026-12-04T09:00', end: '2026-12-04T10:00' });
    await vi.waitFor(() => expect(events.some((e) => e.name === 'background.failed')).toBe(true));
    host.close();
  });

  it('keeps every method defined once', () => {
    expect(() => combineHandlers({ 'host.info': () => ({ version: '', dataDir: '', readOnly: false, timeZone: 'UTC' }) }, { 'host.info': () => ({ version: '', dataDir: '', readOnly: false, timeZone: 'UTC' }) })).toThrow(
      /two handler maps define "host.info"/,
    );
    expect(() => combineHandlers({})).toThrow(/no handler for/);
  });
});

import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/support/temp';
import { createClient } from '../../api/client';
import type { HostEvent } from '../../api/contract';
import { createHost, inProcessTransport } from '../host';

const tempDir = useTempDirs();
const NOW = Date.parse('2026-03-23T07:30:00Z');

function start() {
  const host = createHost({ dataDir: tempDir(), timeZone: 'Europe/Berlin', now: () => NOW });
  const events: HostEvent[] = [];
  host.onEvent((event) => events.push(event));
  return { host, client: createClient(inProcessTransport(host)), events };
}

describe('the assistant through the api contract', () => {
  it('says, asks, keeps the question in the host, and tells the UI what changed', async () => {
    const { client, events, host } = start();
    try {
      await client.send('events.create', { title: 'Design sync', start: '2026-03-24T10:00', end: '2026-03-24T10:30' });
      await client.send('events.create', { title: 'Design review', start: '2026-03-27T14:00', end: '2026-03-27T15:00' });
      const asked = await client.send('assistant.say', { text: 'move the design meeting to thursday at nine am' });
      expect(asked).toMatchObject({ outcome: 'asked', reply: 'Which one: Design sync Tue 10:00 or Design review Fri 14:00?', pending: { expiresAt: NOW + 180_000 } });
      expect(await client.send('assistant.pending', {})).toEqual({ question: asked.reply, expiresAt: NOW + 180_000 });
      const moved = await client.send('assistant.say', { text: 'the first one' });
      expect(moved).toMatchObject({ outcome: 'applied', reply: "Moved 'Design sync' to Thu 09:00–09:30", eventIds: [expect.any(String)] });
      expect(await client.send('assistant.pending', {})).toBeNull();
      expect(events.at(-1)).toEqual({ name: 'calendar.changed', payload: { reason: 'local', eventIds: moved.eventIds } });
      const undone = await client.send('assistant.say', { text: 'undo that' });
      expect(undone.outcome).toBe('undone');
      expect(events.at(-1)).toEqual({ name: 'calendar.changed', payload: { reason: 'undo', eventIds: moved.eventIds } });
    } finally {
      host.close();
    }
  });

  it('takes the moment and zone of the utterance, and drops a question on dismiss', async () => {
    const { client, host } = start();
    try {
      const answer = await client.send('assistant.say', { text: "what's on tomorrow", now: '2026-06-01T09:00', timeZone: 'Asia/Tokyo' });
      expect(answer).toMatchObject({ outcome: 'answered', reply: 'Nothing on Tue.' });
      expect(answer.plan).toMatchObject({ answer: { window: { start: Date.parse('2026-06-02T00:00:00+09:00') } } });
      await client.send('assistant.say', { text: 'four pm' });
      expect(await client.send('assistant.dismiss', {})).toEqual({ dismissed: true });
      expect(await client.send('assistant.say', { text: 'yes' })).toMatchObject({ outcome: 'failed' });
      expect(await host.dispatch('assistant.say', { text: 'hi', confirm: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid-args', message: expect.stringContaining('confirm') } });
    } finally {
      host.close();
    }
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/support/temp';
import { universalSentenceEncoder } from '../nlu/embeddings/universal-sentence-encoder';
import { CalendarStore } from '../store';
import { EmbeddingIndexer, eventText } from './embedding-indexer';
import { personalEvent as event } from '../../tests/support/events';

const tempDir = useTempDirs();
const ZONE = 'Europe/Berlin';


describe('the embedding indexer', () => {
  it('describes an event by title, place and people', () => {
    expect(eventText(event('e', 'Lunch', { location: 'Bistro', attendees: [{ name: 'Priya', response: 'accepted', optional: false }] }))).toBe('Lunch at Bistro with Priya');
  });

  it('embeds every event and finds one by meaning with the offline encoder', async () => {
    const store = CalendarStore.open({ file: path.join(tempDir(), 'cache.db') });
    store.putCalendar({ id: 'personal', name: 'Personal', timeZone: ZONE, readOnly: false });
    const titles = ['Dentist appointment', 'Team standup', 'Quarterly planning', 'Gym', 'Lunch with Priya', 'Flight to Lisbon', 'Piano lesson', 'Budget review'];
    store.apply('Seed', titles.map((title, i) => ({ name: 'createEvent' as const, args: { event: event(`e${i}`, title) } })));
    const encoder = universalSentenceEncoder();
    const indexer = new EmbeddingIndexer(store, encoder);
    await indexer.schedule();
    expect(store.eventsWithoutEmbedding(10)).toEqual([]);
    const [query] = await encoder.embed(['the tooth doctor visit']);
    expect(store.nearestEvents(query!, 1)[0]?.eventId).toBe('e0');
    store.apply('Rename', [{ name: 'updateEvent', args: { eventId: 'e3', patch: { title: 'Swimming lessons with the kids' } } }]);
    await indexer.schedule(['e3']);
    const [swim] = await encoder.embed(['swim class']);
    expect(store.nearestEvents(swim!, 1)[0]?.eventId).toBe('e3');
  }, 60_000);
});

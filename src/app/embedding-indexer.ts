import type { CalendarEvent } from '../domain/event';
import type { SentenceEncoder } from '../nlu/embeddings/encoder';
import type { CalendarStore } from '../store';

/** What an event is about, in words: the text its embedding is computed from. */
export function eventText(event: CalendarEvent): string {
  const people = event.attendees.map((a) => a.name ?? a.email).filter(Boolean);
  return [event.title, event.location && `at ${event.location}`, people.length > 0 && `with ${people.join(', ')}`].filter(Boolean).join(' ');
}

const BATCH = 32;

/**
 * Keeps event embeddings current in the background: events changed since are re-embedded, and
 * any event without an embedding is filled in, a batch at a time, so a command that needs
 * semantic matching never waits for the encoder over the whole calendar.
 */
export class EmbeddingIndexer {
  private readonly queued = new Set<string>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: CalendarStore,
    private readonly encoder: SentenceEncoder,
  ) {}

  /** Queues events for (re-)embedding and returns once the queue is empty again. */
  schedule(eventIds: Iterable<string> = []): Promise<void> {
    for (const id of eventIds) this.queued.add(id);
    this.running ??= this.loop();
    return this.running;
  }

  /** Drains until nothing is queued; the last check and the reset run in one step, so no id is stranded. */
  private async loop(): Promise<void> {
    try {
      do await this.drain();
      while (this.queued.size > 0);
    } finally {
      this.running = undefined;
    }
  }

  private async drain(): Promise<void> {
    for (;;) {
      const batch = [...this.queued].slice(0, BATCH);
      if (batch.length < BATCH) batch.push(...this.store.eventsWithoutEmbedding(BATCH - batch.length).filter((id) => !batch.includes(id)));
      if (batch.length === 0) return;
      for (const id of batch) this.queued.delete(id);
      const events = batch.map((id) => this.store.getEvent(id)).filter((event): event is CalendarEvent => event !== undefined);
      if (events.length === 0) continue;
      const vectors = await this.encoder.embed(events.map(eventText));
      events.forEach((event, i) => {
        if (this.store.getEvent(event.id)) this.store.putEmbedding(event.id, vectors[i]!);
      });
    }
  }
}

import type { Pending } from './plan';

/**
 * The question the assistant is waiting on, if any. It lives for `ttlMs` after it was asked (the
 * clock is the turn's, so tests and replays are exact); an answer, a new command or time ends it.
 */
export class Conversation {
  private waiting: { pending: Pending; askedAt: number } | undefined;

  constructor(private readonly ttlMs: number) {}

  current(now: number): Pending | undefined {
    if (this.waiting && now - this.waiting.askedAt > this.ttlMs) this.waiting = undefined;
    return this.waiting?.pending;
  }

  /** When the open question stops waiting; undefined when there is none. */
  expiresAt(now: number): number | undefined {
    return this.current(now) && this.waiting ? this.waiting.askedAt + this.ttlMs : undefined;
  }

  ask(pending: Pending, now: number): void {
    this.waiting = { pending, askedAt: now };
  }

  /** An independent copy, for planning a turn that may never happen (a preview). */
  copy(): Conversation {
    const copy = new Conversation(this.ttlMs);
    copy.waiting = this.waiting;
    return copy;
  }

  clear(): void {
    this.waiting = undefined;
  }
}

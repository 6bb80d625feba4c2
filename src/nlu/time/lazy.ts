/**
 * Lazy, memoised sequences of time objects: series are conceptually infinite, and every
 * consumer takes only the prefix it needs (re-reading is free, nothing is computed twice).
 */
import type { TimeObject } from './time-object';

export class Lazy implements Iterable<TimeObject> {
  private readonly buf: TimeObject[] = [];
  private src: Iterator<TimeObject> | undefined;

  constructor(source: Iterable<TimeObject>) {
    this.src = source[Symbol.iterator]();
  }

  static readonly EMPTY = new Lazy([]);

  at(i: number): TimeObject | undefined {
    while (this.buf.length <= i && this.src) {
      const r = this.src.next();
      if (r.done) this.src = undefined;
      else this.buf.push(r.value);
    }
    return this.buf[i];
  }

  *[Symbol.iterator](): Iterator<TimeObject> {
    for (let i = 0; ; i++) {
      const v = this.at(i);
      if (v === undefined) return;
      yield v;
    }
  }

  drop(n: number): Lazy {
    const self = this;
    return new Lazy(
      (function* () {
        for (let i = n; ; i++) {
          const v = self.at(i);
          if (v === undefined) return;
          yield v;
        }
      })(),
    );
  }
}

export function* iterate(first: TimeObject, step: (t: TimeObject) => TimeObject): Generator<TimeObject> {
  let t = first;
  for (;;) {
    yield t;
    t = step(t);
  }
}

export function* takeWhile(src: Iterable<TimeObject>, ok: (t: TimeObject) => boolean): Generator<TimeObject> {
  for (const t of src) {
    if (!ok(t)) return;
    yield t;
  }
}

export function take(src: Iterable<TimeObject>, n: number): TimeObject[] {
  const out: TimeObject[] = [];
  if (n <= 0) return out;
  for (const t of src) {
    out.push(t);
    if (out.length >= n) break;
  }
  return out;
}

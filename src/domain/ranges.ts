/** A half-open span of time between two instants (epoch ms): `end` itself is not included. */
export interface TimeRange {
  start: number;
  end: number;
}

export function isValidRange(range: TimeRange): boolean {
  return Number.isFinite(range.start) && Number.isFinite(range.end) && range.start < range.end;
}

/** Back-to-back ranges (one ends when the other starts) do not overlap. */
export function overlaps(a: TimeRange, b: TimeRange): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Sorts and joins overlapping or touching ranges. */
export function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = ranges.filter(isValidRange).sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TimeRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** The parts of `window` not covered by `busy`, keeping only gaps at least `minLength` long. */
export function freeRanges(window: TimeRange, busy: readonly TimeRange[], minLength = 1): TimeRange[] {
  const free: TimeRange[] = [];
  let cursor = window.start;
  for (const block of mergeRanges(busy)) {
    if (block.end <= cursor) continue;
    if (block.start >= window.end) break;
    if (block.start > cursor) free.push({ start: cursor, end: Math.min(block.start, window.end) });
    cursor = Math.max(cursor, block.end);
  }
  if (cursor < window.end) free.push({ start: cursor, end: window.end });
  return free.filter((range) => range.end - range.start >= minLength);
}

/** What makes a calendar entry count as busy time, in iCalendar's terms. */
export interface BusyCandidate {
  range: TimeRange;
  status: 'confirmed' | 'tentative' | 'cancelled';
  transparency: 'opaque' | 'transparent';
}

export function isBusy(entry: Omit<BusyCandidate, 'range'>): boolean {
  return entry.status !== 'cancelled' && entry.transparency === 'opaque';
}

/** Free/busy of a window: the merged busy blocks of the entries that block time. */
export function freeBusy(window: TimeRange, entries: readonly BusyCandidate[]): { busy: TimeRange[]; free: TimeRange[] } {
  const busy = mergeRanges(
    entries
      .filter((entry) => isBusy(entry) && overlaps(entry.range, window))
      .map((entry) => ({ start: Math.max(entry.range.start, window.start), end: Math.min(entry.range.end, window.end) })),
  );
  return { busy, free: freeRanges(window, busy) };
}

/** The entries a proposed range would double-book. */
export function findConflicts<T extends BusyCandidate>(proposed: TimeRange, entries: readonly T[]): T[] {
  return entries.filter((entry) => isBusy(entry) && overlaps(entry.range, proposed));
}

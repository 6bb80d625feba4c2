import { DateTime } from 'luxon';
import type { When } from '../command';
import type { SlotDraft } from '../slots/draft';
import type { Grain } from '../time/grain';
import type { TimeMatch } from '../time/resolve';
import type { Token } from '../tokens';
import { combineWhen } from './resolve';

/** Slot types the project's time resolver reads; lengths, offsets and recurrences are ours. */
const RESOLVER_TYPES: ReadonlySet<SlotDraft['type']> = new Set(['date', 'time', 'time_of_day']);

const GRAINS: Readonly<Record<Grain, When['grain']>> = {
  second: 'minute', minute: 'minute', hour: 'hour', day: 'day', week: 'week', month: 'month', quarter: 'month', year: 'year',
};

/**
 * The window that a group of time slots describes ("thursday morning", "tomorrow at 5"). The
 * project's resolver (src/nlu/time, run once over the whole transcript) decides it when one of
 * its matches covers exactly these slots and no other, and agrees with them; otherwise, and for
 * lengths, offsets and recurrences, the slots' own meanings are combined.
 */
export function windowFor(drafts: readonly SlotDraft[], others: readonly SlotDraft[], tokens: readonly Token[], matches: readonly TimeMatch[], now: DateTime): When | undefined {
  const timed = drafts.filter((d) => d.temporal);
  const first = timed[0];
  const last = timed.at(-1);
  if (!first || !last) return undefined;
  if (timed.every((d) => RESOLVER_TYPES.has(d.type))) {
    const start = tokens[first.from]?.start ?? 0;
    const end = tokens[last.to]?.end ?? start;
    const covering = matches.find(
      (m) =>
        m.span.start <= start &&
        m.span.end >= end &&
        !others.some((d) => d.temporal && (tokens[d.from]?.start ?? 0) < m.span.end && (tokens[d.to]?.end ?? 0) > m.span.start),
    );
    const when = covering ? fromMatch(covering) : undefined;
    if (when && agrees(when, timed)) return when;
  }
  return combineWhen(timed.map((d) => d.temporal!), now);
}

/**
 * Whether the resolver's window says what each slot says on its own: its days overlap each day
 * slot's, and each clock time said is where it starts or ends. Where they differ ("next tuesday"
 * is in next week to us and the coming one to the resolver; "twelve thirty" on a day ahead is
 * noon to us and 00:30 to the resolver; "the one on friday" is no date), the slots decide, so a
 * Command never says two things.
 */
function agrees(when: When, drafts: readonly SlotDraft[]): boolean {
  // The resolver writes its instants at the user's offset, so their first 16 characters are local wall time.
  const start = when.start.slice(0, 16);
  const end = (when.end ?? when.start).slice(0, 16);
  return drafts.every((d) => {
    const value = d.value;
    if (value?.kind === 'date') return start < `${value.end}T00:00` && (end > `${value.start}T00:00` || start >= `${value.start}T00:00`);
    if (value?.kind === 'time' && d.temporal?.kind === 'clock') return start.endsWith(value.time) || end.endsWith(value.time);
    return true;
  });
}

function fromMatch(match: TimeMatch): When | undefined {
  if (!match.start || (match.kind !== 'value' && match.kind !== 'interval')) return undefined;
  const grain = GRAINS[match.grain];
  const allDay = grain === 'day' || grain === 'week' || grain === 'month' || grain === 'year';
  const end = match.kind === 'interval' ? match.end : allDay ? match.grainEnd : null;
  return { start: sameInstant(match.start), ...(end ? { end: sameInstant(end) } : {}), allDay, grain };
}

/** The resolver's ISO form, in the form the rest of the Command uses (no milliseconds). */
function sameInstant(iso: string): string {
  return DateTime.fromISO(iso, { setZone: true }).toISO({ suppressMilliseconds: true }) ?? iso;
}

import type { CalendarEvent } from '../domain/event';
import type { TimeRange } from '../domain/ranges';
import { addDaysToLocalDate, instantToLocal, localToInstant } from '../domain/time';
import type { CalendarView } from './calendar-view';
import { SEMANTIC_MATCH_DISTANCE, type EventEmbedder } from './embedder';
import type { Candidate, Occurrence } from './plan';
import { isPerson } from './people';
import type { ReferenceQuery } from './request';
import { GENERIC_WORDS, normalizeWord, titleWordSet } from './title-words';

const DAY_MS = 86_400_000;
/** A second event this close to the best one in score makes the reference ambiguous. */
const AMBIGUITY_MARGIN = 0.75;
/** How many events a "which one" question lists at most. */
const MAX_CHOICES = 4;
/** Candidates asked of the vector index for semantic matching. */
const SEMANTIC_NEIGHBOURS = 50;

const WEIGHT = { title: 3, attendee: 2, time: 2, semantic: 2, generic: 0.1 } as const;

export type Resolution =
  | { status: 'exact'; target: Candidate; candidates: Candidate[] }
  | { status: 'ambiguous'; candidates: Candidate[] }
  | { status: 'absent'; searched: TimeRange };

export interface ResolveContext {
  view: CalendarView;
  now: number;
  lookaheadDays: number;
  embedder?: EventEmbedder;
}

/**
 * Finds the event a person means ("my 3pm with dana", "the standup on wednesday", "the design
 * review") among the cache's occurrences around the time the words name. Each occurrence is scored
 * by time, attendees, title words and (when an embedder is plugged in) meaning; instances of one
 * series count as one candidate. One clear winner is exact; several close ones are ambiguous and
 * kept for the question; none is absent.
 */
export async function resolveReference(query: ReferenceQuery, ctx: ResolveContext): Promise<Resolution> {
  const searched = searchWindow(query, ctx);
  const semantic = await semanticDistances(query, ctx);
  let scored = ctx.view
    .occurrences(searched)
    .map((occurrence) => ({ ...occurrence, score: scoreOf(occurrence, query, ctx, semantic) }))
    .filter((candidate): candidate is Candidate => candidate.score !== undefined);
  if (query.time !== undefined && !query.window) scored = onFirstDayWithMatch(scored, ctx);
  if (scored.length === 0) return { status: 'absent', searched };
  if (query.ordinal === 'next' || query.ordinal === 'last') return pickByOrdinal(scored, query.ordinal, ctx.now);

  const groups = groupBySeries(scored);
  const best = groups[0]!;
  const close = groups.filter((group) => group.score >= best.score - AMBIGUITY_MARGIN);
  if (close.length > 1) return { status: 'ambiguous', candidates: byStart(close.map((group) => representative(group.members, ctx.now))).slice(0, MAX_CHOICES) };
  // Several instances of one series inside the days the person named: which one is not said.
  if (query.window && best.members.length > 1 && query.ordinal !== 'all') {
    return { status: 'ambiguous', candidates: byStart(best.members).slice(0, MAX_CHOICES) };
  }
  const target = representative(best.members, ctx.now);
  return { status: 'exact', target, candidates: byStart(groups.map((group) => representative(group.members, ctx.now))) };
}

function searchWindow(query: ReferenceQuery, ctx: ResolveContext): TimeRange {
  if (query.window) return query.window;
  const today = instantToLocal(ctx.now, ctx.view.zone).slice(0, 10);
  const startOfToday = localToInstant(today, ctx.view.zone);
  if (query.ordinal === 'last') return { start: ctx.now - ctx.lookaheadDays * DAY_MS, end: ctx.now };
  return { start: startOfToday, end: localToInstant(addDaysToLocalDate(today, ctx.lookaheadDays), ctx.view.zone) };
}

async function semanticDistances(query: ReferenceQuery, ctx: ResolveContext): Promise<Map<string, number>> {
  const distances = new Map<string, number>();
  if (!ctx.embedder || specificWords(query).length === 0) return distances;
  const vector = await ctx.embedder.embed(query.text);
  for (const neighbour of ctx.view.store.nearestEvents(vector, SEMANTIC_NEIGHBOURS)) {
    if (neighbour.distance <= SEMANTIC_MATCH_DISTANCE) distances.set(neighbour.eventId, neighbour.distance);
  }
  return distances;
}

function specificWords(query: ReferenceQuery): string[] {
  return query.titleWords.map(normalizeWord).filter((word) => word.length > 0 && !GENERIC_WORDS.has(word));
}

/**
 * The occurrence's score, or undefined when it contradicts something the words said. The cheap
 * tests (clock time, title words) come first; attendees need the whole event, read only then.
 */
function scoreOf(occurrence: Occurrence, query: ReferenceQuery, ctx: ResolveContext, semantic: Map<string, number>): number | undefined {
  let score = 0;
  if (query.time !== undefined) {
    if (occurrence.allDay || instantToLocal(occurrence.startsAt, ctx.view.zone).slice(11, 16) !== query.time) return undefined;
    score += WEIGHT.time;
  }
  const titleWords = titleWordSet(occurrence.title);
  const specific = specificWords(query);
  if (specific.length > 0) {
    const matched = specific.filter((word) => titleWords.has(word)).length / specific.length;
    const distance = semantic.get(occurrence.eventId) ?? (occurrence.seriesId ? semantic.get(occurrence.seriesId) : undefined);
    const meaning = distance === undefined ? 0 : 1 - distance;
    if (matched === 0 && meaning === 0) return undefined;
    score += WEIGHT.title * matched + WEIGHT.semantic * meaning;
  }
  for (const word of query.titleWords.map(normalizeWord)) {
    if (GENERIC_WORDS.has(word) && titleWords.has(word)) score += WEIGHT.generic;
  }
  if (query.attendees.length > 0) {
    const event = ctx.view.event(occurrence.eventId);
    const matched = query.attendees.filter((name) => attends(name, occurrence.title, event)).length / query.attendees.length;
    if (matched === 0) return undefined;
    score += WEIGHT.attendee * matched;
  }
  return score;
}

/** Whether a person is on an event: an attendee by name or e-mail, or named in its title ("1:1 with Dana"). */
function attends(name: string, title: string, event: CalendarEvent | undefined): boolean {
  const wanted = normalizeWord(name);
  if (titleWordSet(title).has(wanted)) return true;
  return (event?.attendees ?? []).some((attendee) => isPerson(name, attendee));
}

/** "My three pm" with no day: the nearest day (from today) that has an event at that time. */
function onFirstDayWithMatch(candidates: Candidate[], ctx: ResolveContext): Candidate[] {
  const first = byStart(candidates)[0];
  if (!first) return candidates;
  const day = instantToLocal(first.startsAt, ctx.view.zone).slice(0, 10);
  return candidates.filter((candidate) => instantToLocal(candidate.startsAt, ctx.view.zone).slice(0, 10) === day);
}

/** "My next meeting with dana": among the best matches, the first still to come (or the latest past one). */
function pickByOrdinal(candidates: Candidate[], ordinal: 'next' | 'last', now: number): Resolution {
  const best = Math.max(...candidates.map((c) => c.score));
  const sorted = byStart(candidates.filter((c) => c.score >= best - AMBIGUITY_MARGIN));
  const target = ordinal === 'next' ? sorted.find((c) => c.endsAt > now) : sorted.filter((c) => c.startsAt < now).at(-1);
  return target ? { status: 'exact', target, candidates: sorted } : { status: 'absent', searched: { start: sorted[0]!.startsAt, end: sorted.at(-1)!.endsAt } };
}

interface Group {
  score: number;
  members: Candidate[];
}

/** Instances of one series are one candidate; groups come best first. */
function groupBySeries(candidates: readonly Candidate[]): Group[] {
  const groups = new Map<string, Group>();
  for (const candidate of candidates) {
    const key = candidate.seriesId ?? candidate.eventId;
    const group = groups.get(key);
    if (group) {
      group.members.push(candidate);
      group.score = Math.max(group.score, candidate.score);
    } else {
      groups.set(key, { score: candidate.score, members: [candidate] });
    }
  }
  return [...groups.values()].sort((a, b) => b.score - a.score || a.members[0]!.startsAt - b.members[0]!.startsAt);
}

/** The instance a series stands for: the next one still to come, else the latest. */
function representative(members: readonly Candidate[], now: number): Candidate {
  const sorted = byStart(members);
  return sorted.find((member) => member.endsAt > now) ?? sorted.at(-1)!;
}

function byStart<T extends Occurrence>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.startsAt - b.startsAt || a.title.localeCompare(b.title));
}

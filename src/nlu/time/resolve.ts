/**
 * resolveTimes: every time expression in a text, resolved against a reference instant and zone.
 *
 * Pipeline (parse-text.ts): spoken-form normalisation (number words to digits, with an offset
 * map) -> grammar parse (engine.ts + rules/, chrono-node results as extra leaves). Here: the
 * readings are ranked (longest span, then cheapest derivation, rank.ts), each is resolved to
 * its first occurrence from now (series.ts), and the non-overlapping winners are mapped back to
 * spans of the original text.
 */
import { addGrain } from './civil';
import { chronoSeeds } from './chrono-seeds';
import type { Token } from './engine';
import { grainRank, type Grain } from './grain';
import { originalSpan, parseText, type ParsedPiece, type ParsedText } from './parse-text';
import { runPredicate, type SeriesContext } from './series';
import { timeEnd, timeIntersect, type TimeObject } from './time-object';
import type { TimeData } from './time-data';
import { civilToInstant, formatAtOffset, formatCivil, instantToCivil, parseZone, refInstant, type TimeZone } from './zone';

export type TimeKind = 'value' | 'interval' | 'open_after' | 'open_before';

export interface TimeRef {
  /** "Now": a Date, epoch milliseconds, or an ISO string (without offset: wall-clock in `zone`). */
  readonly now: Date | string | number;
  /** IANA zone ("Europe/Berlin") or fixed offset ("-02:00", "UTC-2"). */
  readonly zone: string;
}

export interface TimeMatch {
  /** Span in the input text, end exclusive. */
  readonly span: { readonly start: number; readonly end: number };
  readonly text: string;
  readonly kind: TimeKind;
  /** ISO-8601 with offset. Null only for open_before. */
  readonly start: string | null;
  /**
   * ISO-8601 with offset, exclusive. For intervals the natural end ("3-4pm" ends 16:00, "July
   * 13-15" ends July 16); for open_before the bound ("before noon": 12:00); else null.
   */
  readonly end: string | null;
  readonly grain: Grain;
  /** For values: the exclusive end of the grain unit ("tomorrow" -> the day after's 00:00). */
  readonly grainEnd: string | null;
  /** Same instants as epoch milliseconds. */
  readonly startMs: number | null;
  readonly endMs: number | null;
  /** Found only in permissive mode ("7", "morning" alone). */
  readonly latent: boolean;
  readonly holiday?: string;
}

export interface ResolveOptions {
  /** Also return latent readings ("7" as 7 o'clock). Default false. */
  readonly latent?: boolean;
  /** Use chrono-node for written formats the grammar lacks. Default true. */
  readonly chrono?: boolean;
}

interface Resolved {
  readonly obj: TimeObject;
  readonly data: TimeData;
}

/**
 * The occurrence a reading denotes: the first one from now (one that contains now counts,
 * unless the reading skips it, as "next tuesday" does on a Tuesday), else the latest past one.
 */
export function resolveData(data: TimeData, refCivil: number, zone: TimeZone): Resolved | undefined {
  const ref: TimeObject = { start: refCivil, grain: 'second' };
  const ctx: SeriesContext = {
    ref,
    min: { start: addGrain(refCivil, 'year', -2000), grain: 'second' },
    max: { start: addGrain(refCivil, 'year', 2000), grain: 'second' },
    zoneOffset: (c) => zone.offsetAt(civilToInstant(c, zone)),
    toInstant: (c) => civilToInstant(c, zone),
    toCivil: (instant) => {
      const offset = zone.offsetAt(instant);
      return { civil: instant + offset * 60_000, offset };
    },
  };
  const { past, future } = runPredicate(data.pred)(ref, ctx);
  const ahead = future.at(0);
  let obj: TimeObject | undefined;
  if (!ahead) obj = past.at(0);
  else if (data.notImmediate && timeIntersect(ahead, ref) !== undefined) obj = future.at(1) ?? ahead;
  else obj = ahead;
  return obj ? { obj, data } : undefined;
}

export function resolveTimes(text: string, ref: TimeRef, options: ResolveOptions = {}): TimeMatch[] {
  const zone = parseZone(ref.zone);
  const instant = refInstant(ref.now, zone);
  const seeds = options.chrono === false ? undefined : (piece: string) => chronoSeeds(piece, instant, zone);
  return resolveParsed(parseText(text, seeds), ref, options);
}

/** Time matches of an already parsed text (see parse-text.ts), against a reference. */
export function resolveParsed(parsed: ParsedText, ref: TimeRef, options: ResolveOptions = {}): TimeMatch[] {
  const zone = parseZone(ref.zone);
  const refCivil = instantToCivil(refInstant(ref.now, zone), zone);
  const out: TimeMatch[] = [];
  for (const piece of parsed.pieces) out.push(...resolvePiece(parsed, piece, refCivil, zone, options));
  return out.sort((x, y) => x.span.start - y.span.start);
}

const MAX_RESOLVE_ATTEMPTS = 64;

interface Candidate {
  readonly token: Token;
  readonly resolved: Resolved;
}

function resolvePiece(parsed: ParsedText, piece: ParsedPiece, refCivil: number, zone: TimeZone, options: ResolveOptions): TimeMatch[] {
  const ranked: { token: Token; cost: number }[] = [];
  for (const tok of piece.tokens) {
    if (tok.data.kind !== 'time') continue;
    if (tok.data.t.latent && !options.latent) continue;
    ranked.push({ token: tok, cost: tok.cost + (tok.data.t.latent ? 100 : 0) });
  }
  ranked.sort(
    (x, y) =>
      y.token.end - y.token.start - (x.token.end - x.token.start) || x.cost - y.cost || x.token.start - y.token.start || x.token.id - y.token.id,
  );
  // Longest first; a reading is resolved only when its span is still free, and one that does
  // not resolve (an empty intersection) gives way to the next. A bounded number of attempts
  // keeps adversarial input cheap.
  const taken: Candidate[] = [];
  let attempts = 0;
  for (const { token } of ranked) {
    if (taken.some((t) => token.start < t.token.end && t.token.start < token.end)) continue;
    if (++attempts > MAX_RESOLVE_ATTEMPTS) break;
    let resolved: Resolved | undefined;
    try {
      resolved = token.data.kind === 'time' ? resolveData(token.data.t, refCivil, zone) : undefined;
    } catch {
      resolved = undefined;
    }
    if (resolved) taken.push({ token, resolved });
  }
  return taken.map((c) => toMatch(c, parsed, piece, zone));
}

function toMatch(c: Candidate, parsed: ParsedText, piece: ParsedPiece, zone: TimeZone): TimeMatch {
  const span = originalSpan(parsed, piece, c.token);
  const { obj, data } = c.resolved;
  // A time computed as an instant keeps its offset (the second 01:30 of a DST fallback night).
  const fixed = obj.offset;
  const fmt = (t: number): string => (fixed !== undefined ? formatAtOffset(t, fixed) : formatCivil(t, zone));
  const ms = (t: number): number => (fixed !== undefined ? t - fixed * 60_000 : civilToInstant(t, zone));
  const base = {
    span,
    text: parsed.norm.original.slice(span.start, span.end),
    grain: obj.grain,
    latent: data.latent,
    ...(data.holiday ? { holiday: data.holiday } : {}),
  };
  if (data.direction === 'before') {
    return { ...base, kind: 'open_before', start: null, end: fmt(obj.start), grainEnd: null, startMs: null, endMs: ms(obj.start) };
  }
  if (data.direction === 'after') {
    return { ...base, kind: 'open_after', start: fmt(obj.start), end: null, grainEnd: null, startMs: ms(obj.start), endMs: null };
  }
  if (obj.end !== undefined) {
    // A closed range of clock times ends where its last time starts ("3-4pm" ends at 16:00);
    // a range of days, months... ends after its last unit ("July 13-15" ends July 16).
    const end = obj.innerEnd !== undefined && grainRank(obj.grain) <= grainRank('hour') ? obj.innerEnd : obj.end;
    return { ...base, kind: 'interval', start: fmt(obj.start), end: fmt(end), grainEnd: null, startMs: ms(obj.start), endMs: ms(end) };
  }
  const unitEnd = timeEnd(obj);
  return { ...base, kind: 'value', start: fmt(obj.start), end: null, grainEnd: fmt(unitEnd), startMs: ms(obj.start), endMs: null };
}

/**
 * Durations in a text ("for two hours", "an hour and a half", "30'"), for meeting lengths.
 * Uses the grammar's duration readings, longest first, without overlaps.
 */
import { FIXED_SECONDS, type Grain } from './grain';
import { originalSpan, parseText, type ParsedText } from './parse-text';

export interface DurationMatch {
  readonly span: { readonly start: number; readonly end: number };
  readonly text: string;
  readonly value: number;
  readonly grain: Grain;
  /** Exact minutes for fixed-length units (up to weeks); null for months, quarters, years. */
  readonly minutes: number | null;
  /** Introduced by "for" ("for two hours"): the length of something rather than a delay. */
  readonly isFor: boolean;
}

export function durationMinutes(value: number, grain: Grain): number | null {
  const s = FIXED_SECONDS[grain];
  return s === undefined ? null : (value * s) / 60;
}

export function findDurations(input: string | ParsedText): DurationMatch[] {
  const parsed = typeof input === 'string' ? parseText(input) : input;
  const out: DurationMatch[] = [];
  for (const piece of parsed.pieces) {
    const durs = piece.tokens
      .filter((t) => t.data.kind === 'dur')
      .sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const taken: typeof durs = [];
    for (const t of durs) {
      if (taken.some((x) => t.start < x.end && x.start < t.end)) continue;
      taken.push(t);
    }
    for (const t of taken) {
      if (t.data.kind !== 'dur') continue;
      const span = originalSpan(parsed, piece, t);
      const before = piece.text.slice(Math.max(0, t.start - 12), t.start);
      out.push({
        span,
        text: parsed.norm.original.slice(span.start, span.end),
        value: t.data.dur.value,
        grain: t.data.dur.grain,
        minutes: durationMinutes(t.data.dur.value, t.data.dur.grain),
        isFor: /\b(?:for|lasting|takes?|of)\s+(?:about\s+|around\s+)?$/i.test(before),
      });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/**
 * One grammar pass over a text: spoken-form normalisation (offset map kept), then the chart
 * parse, piece by piece for long inputs so the work stays linear in the length of the text.
 */
import { normalizeSpoken, type NormalizedText } from '../text/normalize';
import { Grammar, type Seed, type Token } from './engine';
import { ruleCost } from './rank';
import { ALL_RULES } from './rules/index';

export interface ParsedPiece {
  /** Offset of the piece in the normalised text. */
  readonly offset: number;
  readonly text: string;
  readonly tokens: readonly Token[];
}

export interface ParsedText {
  readonly norm: NormalizedText;
  readonly pieces: readonly ParsedPiece[];
}

const grammar = new Grammar(ALL_RULES, ruleCost);

/** Long inputs are parsed in pieces: sentences, then blank-separated chunks of bounded size. */
const MAX_CHUNK = 240;

function chunks(text: string): [number, number][] {
  if (text.length <= MAX_CHUNK) return [[0, text.length]];
  const out: [number, number][] = [];
  let start = 0;
  const push = (s: number, e: number): void => {
    let a = s;
    while (e - a > MAX_CHUNK) {
      let cut = text.lastIndexOf(' ', a + MAX_CHUNK);
      if (cut <= a + MAX_CHUNK / 2) cut = a + MAX_CHUNK;
      out.push([a, cut]);
      a = cut;
    }
    if (e > a) out.push([a, e]);
  };
  for (const m of text.matchAll(/[!?;\n]+|\.\s+(?=[A-Z])/g)) {
    push(start, m.index);
    start = m.index + m[0].length;
  }
  push(start, text.length);
  return out;
}

/** Parses `text`; `seeds` may add tokens found by another parser for each piece. */
export function parseText(text: string, seeds?: (piece: string) => readonly Seed[]): ParsedText {
  const norm = normalizeSpoken(text);
  const pieces: ParsedPiece[] = [];
  for (const [a, b] of chunks(norm.text)) {
    const piece = norm.text.slice(a, b);
    if (!/[0-9a-z]/i.test(piece)) continue;
    pieces.push({ offset: a, text: piece, tokens: grammar.parse(piece, undefined, seeds ? seeds(piece) : []) });
  }
  return { norm, pieces };
}

/** Span of a token of a piece in the original text. */
export function originalSpan(parsed: ParsedText, piece: ParsedPiece, token: { start: number; end: number }): { start: number; end: number } {
  return parsed.norm.toOriginalSpan(piece.offset + token.start, piece.offset + token.end);
}

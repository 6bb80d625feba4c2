/**
 * Edited text that remembers where every character came from.
 *
 * Any pre-processing of a transcript (number words to digits, filler removal, ...) must leave
 * slot spans pointing at the ORIGINAL transcript. `applyEdits` replaces non-overlapping ranges
 * and returns a `MappedText` whose `toOriginal` maps an index of the edited text back to the
 * source. Edits can be stacked: applying edits to a `MappedText` maps straight through to the
 * first original, so independent passes (numbers here, fillers elsewhere) compose freely.
 *
 * Mapping rules:
 * - inside unchanged text an index maps one to one;
 * - any index inside a replacement maps to the start of the replaced original range;
 * - the index just after a replacement maps to the end of the replaced range, so exclusive
 *   span ends map correctly with `toOriginal` alone; `toOriginalSpan` is the safe helper.
 */

export interface TextEdit {
  /** Start of the replaced range in the source text (inclusive). */
  readonly start: number;
  /** End of the replaced range in the source text (exclusive). */
  readonly end: number;
  /** Replacement; may be empty (a deletion) or the range may be empty (an insertion). */
  readonly text: string;
}

export interface MappedText {
  /** The edited text. */
  readonly text: string;
  /** The very first source text (not an intermediate one when edits were stacked). */
  readonly original: string;
  /** Index in `text` (0..text.length) to index in `original` (0..original.length). */
  toOriginal(index: number): number;
  /** Span in `text` ([start, end), end exclusive) to the covering span in `original`. */
  toOriginalSpan(start: number, end: number): { start: number; end: number };
}

interface Segment {
  readonly outStart: number;
  readonly outEnd: number;
  readonly srcStart: number;
  readonly srcEnd: number;
  readonly replaced: boolean;
}

/** Wraps a plain string as a `MappedText` with the identity mapping. */
export function identityText(text: string): MappedText {
  const clamp = (i: number): number => Math.max(0, Math.min(text.length, i));
  return {
    text,
    original: text,
    toOriginal: clamp,
    toOriginalSpan: (start, end) => ({ start: clamp(start), end: clamp(Math.max(start, end)) }),
  };
}

/**
 * Applies non-overlapping edits (in any order) to `source`. Throws on overlapping or
 * out-of-range edits: silently mangled offsets would be worse than a loud failure.
 */
export function applyEdits(source: string | MappedText, edits: readonly TextEdit[]): MappedText {
  const base = typeof source === 'string' ? identityText(source) : source;
  const input = base.text;
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const segments: Segment[] = [];
  const parts: string[] = [];
  let srcPos = 0;
  let outPos = 0;
  for (const edit of sorted) {
    if (edit.start < srcPos || edit.end < edit.start || edit.end > input.length) {
      throw new RangeError(`bad or overlapping edit [${edit.start}, ${edit.end})`);
    }
    if (edit.start > srcPos) {
      const len = edit.start - srcPos;
      segments.push({ outStart: outPos, outEnd: outPos + len, srcStart: srcPos, srcEnd: edit.start, replaced: false });
      parts.push(input.slice(srcPos, edit.start));
      outPos += len;
    }
    segments.push({
      outStart: outPos,
      outEnd: outPos + edit.text.length,
      srcStart: edit.start,
      srcEnd: edit.end,
      replaced: true,
    });
    parts.push(edit.text);
    outPos += edit.text.length;
    srcPos = edit.end;
  }
  if (srcPos < input.length) {
    segments.push({ outStart: outPos, outEnd: outPos + input.length - srcPos, srcStart: srcPos, srcEnd: input.length, replaced: false });
    parts.push(input.slice(srcPos));
    outPos += input.length - srcPos;
  }
  const text = parts.join('');

  // Index into `input` (the text the edits applied to), before mapping through `base`.
  const toInput = (index: number): number => {
    if (index <= 0) return 0;
    if (index >= text.length) return input.length;
    const seg = findSegment(segments, index);
    if (!seg) return input.length;
    return seg.replaced ? seg.srcStart : seg.srcStart + (index - seg.outStart);
  };
  // Exclusive end: the last covered character decides, so trailing replacements map to their end.
  const endToInput = (end: number): number => {
    if (end <= 0) return 0;
    const last = Math.min(end, text.length) - 1;
    const seg = findSegment(segments, last);
    if (!seg) return input.length;
    return seg.replaced ? seg.srcEnd : seg.srcStart + (last - seg.outStart) + 1;
  };

  return {
    text,
    original: base.original,
    toOriginal: (index) => base.toOriginal(toInput(index)),
    toOriginalSpan: (start, end) => {
      const s = toInput(start);
      const e = end > start ? endToInput(end) : s;
      return base.toOriginalSpan(s, Math.max(s, e));
    },
  };
}

function findSegment(segments: readonly Segment[], index: number): Segment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const seg = segments[mid]!;
    if (index < seg.outStart) hi = mid - 1;
    else if (index >= seg.outEnd) lo = mid + 1;
    else return seg;
  }
  return undefined;
}

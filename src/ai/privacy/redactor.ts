/**
 * Replaces e-mail addresses, phone numbers and known people's names with placeholders before
 * text leaves the machine, and puts them back in what comes back. One redactor serves one cloud
 * request: the same value always gets the same placeholder, so the model can still tell that two
 * mentions are one person.
 */

export type PlaceholderKind = 'EMAIL' | 'PHONE' | 'PERSON';

/** A replaced stretch: where it was in the original text and where its placeholder is in the redacted one. */
export interface RedactedSpan {
  originalStart: number;
  originalEnd: number;
  redactedStart: number;
  redactedEnd: number;
}

export interface RedactedText {
  text: string;
  spans: RedactedSpan[];
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** A run of digits with the separators phone numbers are written with; the digit count decides. */
const PHONE = /(?<![\w.])\+?\(?\d[\d ().-]{5,}\d(?![\w])/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PLACEHOLDER = /\[\s*(EMAIL|PHONE|PERSON)[ _](\d+)\s*\]/gi;
/** The longest a placeholder can be while a stream is still cutting it in two ("[PERSON_12" ...). */
const LONGEST_PARTIAL = 16;

interface Match {
  start: number;
  end: number;
  kind: PlaceholderKind;
}

function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '').length;
  // E.164 allows at most 15 digits; fewer than 7 is a time, a count or a room number.
  return digits >= 7 && digits <= 15 && !ISO_DATE.test(candidate.trim());
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Redactor {
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counters: Record<PlaceholderKind, number> = { EMAIL: 0, PHONE: 0, PERSON: 0 };
  private readonly names: RegExp | undefined;
  /** How many stretches of text were replaced, over every call of `redact`. */
  count = 0;

  /** `names`: the people this request may mention (attendees, names the local parser found). */
  constructor(names: Iterable<string> = []) {
    const unique = [...new Set([...names].map((name) => name.trim()).filter((name) => name.length >= 2))].sort((a, b) => b.length - a.length);
    this.names = unique.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}_@])(?:${unique.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_@])`, 'giu') : undefined;
  }

  redact(text: string): RedactedText {
    const matches = this.find(text);
    const spans: RedactedSpan[] = [];
    let out = '';
    let at = 0;
    for (const match of matches) {
      out += text.slice(at, match.start);
      const placeholder = this.placeholderFor(match.kind, text.slice(match.start, match.end));
      spans.push({ originalStart: match.start, originalEnd: match.end, redactedStart: out.length, redactedEnd: out.length + placeholder.length });
      out += placeholder;
      at = match.end;
    }
    this.count += matches.length;
    return { text: out + text.slice(at), spans };
  }

  /** The original values back in place of every placeholder this redactor made. */
  restore(text: string): string {
    return text.replace(PLACEHOLDER, (whole, kind: string, n: string) => this.byPlaceholder.get(`[${kind.toUpperCase()}_${n}]`) ?? whole);
  }

  /** `restore` over every string inside a JSON-like value. */
  restoreDeep<T>(value: T): T {
    if (typeof value === 'string') return this.restore(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.restoreDeep(item)) as T;
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.restoreDeep(item)])) as T;
    return value;
  }

  /** A restorer for text that arrives in pieces, where a placeholder may be cut between two of them. */
  streamRestorer(): { push(piece: string): string; flush(): string } {
    let held = '';
    return {
      push: (piece) => {
        const text = held + piece;
        const open = text.lastIndexOf('[');
        const cut = open >= 0 && !text.includes(']', open) && text.length - open < LONGEST_PARTIAL ? open : text.length;
        held = text.slice(cut);
        return this.restore(text.slice(0, cut));
      },
      flush: () => {
        const rest = this.restore(held);
        held = '';
        return rest;
      },
    };
  }

  private find(text: string): Match[] {
    const found: Match[] = [];
    const take = (regex: RegExp, kind: PlaceholderKind, accept: (value: string) => boolean = () => true) => {
      for (const m of text.matchAll(regex)) {
        const start = m.index;
        const end = start + m[0].length;
        // E-mails first, then phones, then names: a name inside an address stays part of the address.
        if (accept(m[0]) && !found.some((f) => start < f.end && f.start < end)) found.push({ start, end, kind });
      }
    };
    take(EMAIL, 'EMAIL');
    take(PHONE, 'PHONE', isPhone);
    if (this.names) take(this.names, 'PERSON');
    return found.sort((a, b) => a.start - b.start);
  }

  private placeholderFor(kind: PlaceholderKind, value: string): string {
    const key = `${kind}:${value.toLowerCase()}`;
    let placeholder = this.byValue.get(key);
    if (!placeholder) {
      this.counters[kind] += 1;
      placeholder = `[${kind}_${this.counters[kind]}]`;
      this.byValue.set(key, placeholder);
      this.byPlaceholder.set(placeholder, value);
    }
    return placeholder;
  }
}

/** An offset in a redacted text, moved to the original text (a placeholder maps to its whole value). */
export function originalOffset(redacted: RedactedText, offset: number, side: 'start' | 'end'): number {
  let shift = 0;
  for (const span of redacted.spans) {
    if (offset <= span.redactedStart) break;
    if (offset < span.redactedEnd || (offset === span.redactedEnd && side === 'end')) return side === 'start' ? span.originalStart : span.originalEnd;
    shift = span.originalEnd - span.redactedEnd;
  }
  return offset + shift;
}

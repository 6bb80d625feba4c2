/**
 * A small agenda-driven chart parser. Rules are sequences of items: a regex matched in the
 * text, or a predicate over tokens that earlier rules produced. Items must be adjacent
 * (only blanks between). Every new token extends the partial matches waiting for it and starts
 * the rules whose first item accepts it, so each combination is tried once and the parse ends
 * when nothing new appears. Work is capped per input so no text can make it run away.
 */
import type { Duration, TimeData } from './time-data';
import type { Grain } from './grain';

export type TokenData =
  | { readonly kind: 'num'; readonly value: number; readonly isInt: boolean }
  | { readonly kind: 'ord'; readonly value: number }
  | { readonly kind: 'dur'; readonly dur: Duration }
  | { readonly kind: 'grain'; readonly grain: Grain }
  | { readonly kind: 'time'; readonly t: TimeData };

export interface Token {
  readonly kind: 'token';
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly data: TokenData;
  readonly rule: string;
  /** Ranking cost of the derivation (see Grammar's cost function); lower is better. */
  readonly cost: number;
  readonly children: readonly Child[];
}

export interface RegexMatch {
  readonly kind: 'regex';
  readonly start: number;
  readonly end: number;
  /** groups[0] is the whole match. */
  readonly groups: readonly (string | undefined)[];
}

export type Child = Token | RegexMatch;

export type Item =
  | { readonly k: 're'; readonly sticky: RegExp; readonly global: RegExp }
  | { readonly k: 'p'; readonly test: (t: TokenData) => boolean }
  /** A custom scanner, first item only: every match it returns starts a parse. */
  | { readonly k: 'scan'; readonly scan: (text: string) => RegexMatch[] };

export interface Rule {
  readonly name: string;
  readonly items: readonly Item[];
  readonly prod: (children: readonly Child[]) => TokenData | undefined;
  /** Cheap test on the lower-cased text; a regex-first rule runs only when it passes. */
  readonly hint?: (lowerText: string) => boolean;
}

export function re(source: string): Item {
  return { k: 're', sticky: new RegExp(source, 'iy'), global: new RegExp(source, 'ig') };
}

export function p(test: (t: TokenData) => boolean): Item {
  return { k: 'p', test };
}

export function scan(fn: (text: string) => RegexMatch[]): Item {
  return { k: 'scan', scan: fn };
}

export function isToken(c: Child | undefined): c is Token {
  return c !== undefined && c.kind === 'token';
}

export function isRegex(c: Child | undefined): c is RegexMatch {
  return c !== undefined && c.kind === 'regex';
}

interface PartialMatch {
  readonly rule: Rule;
  readonly next: number;
  readonly start: number;
  readonly end: number;
  readonly children: readonly Child[];
}

export interface Seed {
  readonly start: number;
  readonly end: number;
  readonly data: TokenData;
  readonly rule: string;
}

export interface ParseLimits {
  /** Maximum tokens produced for one input. */
  readonly maxTokens: number;
  /** Maximum partial-match extensions for one input. */
  readonly maxSteps: number;
}

const DEFAULT_LIMITS: ParseLimits = { maxTokens: 2000, maxSteps: 20_000 };

function charClass(c: number): number {
  if (c >= 48 && c <= 57) return 1; // digit
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 192) return 2; // letter
  return 0;
}

/** A match may not cut through a word or a number: "sep" in "separated" is not a month. */
function validRange(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  if (start > 0) {
    const a = charClass(text.charCodeAt(start - 1));
    if (a !== 0 && a === charClass(text.charCodeAt(start))) return false;
  }
  if (end < text.length) {
    const b = charClass(text.charCodeAt(end));
    if (b !== 0 && b === charClass(text.charCodeAt(end - 1))) return false;
  }
  return true;
}

function skipBlanks(text: string, pos: number): number {
  let i = pos;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  return i;
}

function tokenKey(start: number, end: number, rule: string, data: TokenData): string {
  switch (data.kind) {
    case 'num':
      return `${start}:${end}:n:${data.value}`;
    case 'ord':
      return `${start}:${end}:o:${data.value}`;
    case 'grain':
      return `${start}:${end}:g:${data.grain}`;
    case 'dur':
      return `${start}:${end}:d:${data.dur.value}:${data.dur.grain}`;
    case 'time': {
      const t = data.t;
      const form = t.form ? JSON.stringify(t.form) : '';
      return `${start}:${end}:t:${rule}:${t.grain}:${t.latent ? 1 : 0}:${t.notImmediate ? 1 : 0}:${t.direction ?? ''}:${form}:${t.okForThisNext ? 1 : 0}`;
    }
  }
}

/** Cost of applying a rule to children (their own costs are added by the engine). */
export type RuleCost = (rule: string, children: readonly Child[]) => number;

export class Grammar {
  private readonly regexFirst: Rule[] = [];
  private readonly predFirst: Rule[] = [];

  constructor(
    readonly rules: readonly Rule[],
    private readonly ruleCost: RuleCost = () => 1,
  ) {
    for (const r of rules) {
      if (r.items.length === 0) continue;
      if (r.items[0]!.k === 'p') this.predFirst.push(r);
      else this.regexFirst.push(r);
    }
  }

  /**
   * All tokens over `text`. `seeds` are tokens found by other means (another parser); they take
   * part in the rules like any other.
   */
  parse(text: string, limits: ParseLimits = DEFAULT_LIMITS, seeds: readonly Seed[] = []): Token[] {
    const lower = text.toLowerCase();
    const byStart = new Map<number, Token[]>();
    const waiting = new Map<number, PartialMatch[]>();
    // Best cost per reading (span, rule, result shape): a derivation is kept only when it is
    // the first of its kind or cheaper than the ones before, which bounds the ambiguity an
    // input can build up ("3:30-3:30-3:30-...") while the best reading still propagates.
    const seen = new Map<string, number>();
    // Tokens in the order they were found; those before `done` have been processed.
    const agenda: Token[] = [];
    let done = 0;
    let steps = 0;
    let nextId = 0;

    const emit = (rule: Rule, start: number, end: number, children: readonly Child[]): void => {
      if (agenda.length >= limits.maxTokens) return;
      const data = rule.prod(children);
      if (!data) return;
      let cost = this.ruleCost(rule.name, children);
      for (const c of children) if (c.kind === 'token') cost += c.cost;
      const key = tokenKey(start, end, rule.name, data);
      const best = seen.get(key);
      if (best !== undefined && best <= cost + 1e-9) return;
      seen.set(key, cost);
      agenda.push({ kind: 'token', id: nextId++, start, end, data, rule: rule.name, cost, children });
    };

    const extend = (part: PartialMatch): void => {
      if (++steps > limits.maxSteps) return;
      const items = part.rule.items;
      if (part.next === items.length) {
        emit(part.rule, part.start, part.end, part.children);
        return;
      }
      const item = items[part.next]!;
      const pos = skipBlanks(text, part.end);
      if (item.k === 'scan') return;
      if (item.k === 're') {
        item.sticky.lastIndex = pos;
        const m = item.sticky.exec(text);
        if (!m || m[0].length === 0 || !validRange(text, pos, pos + m[0].length)) return;
        const child: RegexMatch = { kind: 'regex', start: pos, end: pos + m[0].length, groups: [...m] };
        extend({ rule: part.rule, next: part.next + 1, start: part.start, end: child.end, children: [...part.children, child] });
        return;
      }
      let list = waiting.get(pos);
      if (!list) waiting.set(pos, (list = []));
      list.push(part);
      for (const t of byStart.get(pos) ?? []) {
        if (item.test(t.data)) {
          extend({ rule: part.rule, next: part.next + 1, start: part.start, end: t.end, children: [...part.children, t] });
        }
      }
    };

    for (const seed of seeds) {
      agenda.push({ kind: 'token', id: nextId++, start: seed.start, end: seed.end, data: seed.data, rule: seed.rule, cost: this.ruleCost(seed.rule, []), children: [] });
    }

    for (const rule of this.regexFirst) {
      if (rule.hint && !rule.hint(lower)) continue;
      const first = rule.items[0]!;
      if (first.k === 'scan') {
        for (const child of first.scan(text)) {
          if (validRange(text, child.start, child.end)) extend({ rule, next: 1, start: child.start, end: child.end, children: [child] });
        }
        continue;
      }
      if (first.k !== 're') continue;
      // Overlapping matches too: "the following week" must also offer "following week".
      const g = first.global;
      g.lastIndex = 0;
      for (let m = g.exec(text); m; m = g.exec(text)) {
        const start = m.index;
        const end = start + m[0].length;
        g.lastIndex = start + 1;
        if (end === start || !validRange(text, start, end)) continue;
        const child: RegexMatch = { kind: 'regex', start, end, groups: [...m] };
        extend({ rule, next: 1, start, end, children: [child] });
      }
    }

    while (done < agenda.length && steps <= limits.maxSteps) {
      const tok = agenda[done++]!;
      let list = byStart.get(tok.start);
      if (!list) byStart.set(tok.start, (list = []));
      list.push(tok);
      for (const part of [...(waiting.get(tok.start) ?? [])]) {
        const item = part.rule.items[part.next] as Extract<Item, { k: 'p' }>;
        if (item.test(tok.data)) {
          extend({ rule: part.rule, next: part.next + 1, start: part.start, end: tok.end, children: [...part.children, tok] });
        }
      }
      for (const rule of this.predFirst) {
        const first = rule.items[0] as Extract<Item, { k: 'p' }>;
        if (first.test(tok.data)) extend({ rule, next: 1, start: tok.start, end: tok.end, children: [tok] });
      }
    }
    return agenda.slice(0, done);
  }
}

import type { Token } from '../tokens';

/** Read-only helpers over the token list that the time grammar asks about again and again. */
export class TokenView {
  constructor(readonly tokens: readonly Token[]) {}

  get length(): number {
    return this.tokens.length;
  }

  /** The normalised word at i, or '' past either end. */
  word(i: number): string {
    return this.tokens[i]?.norm ?? '';
  }

  /** True when token i exists and continues the phrase before it (no punctuation between). */
  joined(i: number): boolean {
    const token = this.tokens[i];
    return token !== undefined && !token.breakBefore;
  }

  /** The word at i when it continues the phrase, else ''. */
  next(i: number): string {
    return this.joined(i) ? this.word(i) : '';
  }

  /** The word before i when i continues the phrase from it, else ''. */
  previous(i: number): string {
    return i > 0 && this.joined(i) ? this.word(i - 1) : '';
  }
}

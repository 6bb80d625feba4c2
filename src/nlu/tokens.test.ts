import { describe, expect, it } from 'vitest';
import { tokenize } from './tokens';

describe('tokenize', () => {
  it('gives normalised words with offsets into the original text', () => {
    const text = 'Move it to Twenty-First March, five thirty p.m. — thanks!';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.norm)).toEqual(['move', 'it', 'to', '21st', 'march', '5:30', 'p.m', 'thanks']);
    for (const token of tokens) expect(text.slice(token.start, token.end)).toBe(token.raw);
    expect(tokens.find((t) => t.norm === '5:30')?.raw).toBe('five thirty');
    expect(tokens.find((t) => t.norm === 'thanks')?.breakBefore).toBe(true);
    expect(tokens.find((t) => t.norm === '5:30')?.breakBefore).toBe(true);
  });

  it('keeps apostrophes inside words and marks capitals away from a sentence start', () => {
    const tokens = tokenize("Lunch at Jack’s place. Dana's too");
    expect(tokens.map((t) => t.norm)).toEqual(['lunch', 'at', "jack's", 'place', "dana's", 'too']);
    expect(tokens.map((t) => t.capitalised)).toEqual([false, false, true, false, false, false]);
  });
});

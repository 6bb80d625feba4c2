import type { Token } from '../tokens';
import { matchClock, matchPartOfDay } from './clock';
import { matchDate } from './dates';
import { matchQuantity, matchRecurrence } from './quantities';
import { TokenView } from './token-view';
import type { TemporalTag } from './types';

// Earlier matchers win ties: "every friday" is a recurrence before it is a date.
const MATCHERS = [matchRecurrence, matchQuantity, matchDate, matchClock, matchPartOfDay] as const;

/**
 * Finds the time phrases of a command, left to right, taking the longest phrase that starts at
 * each word. Each matcher looks at a bounded number of words, so tagging is linear in length.
 */
export function tagTemporal(tokens: readonly Token[]): TemporalTag[] {
  const view = new TokenView(tokens);
  const tags: TemporalTag[] = [];
  let i = 0;
  while (i < tokens.length) {
    let best: TemporalTag | undefined;
    for (const match of MATCHERS) {
      const tag = match(view, i);
      if (tag && (!best || tag.to > best.to)) best = tag;
    }
    if (best) {
      tags.push(best);
      i = best.to + 1;
    } else {
      i += 1;
    }
  }
  return tags;
}

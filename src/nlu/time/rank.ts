/**
 * Ranking of readings of the same span. Each rule application costs 1; generic rules a little
 * more, so a specific reading wins; ambiguous ones more still ("9 to 11" is rarely 10:51);
 * chrono-node's readings only win where the grammar has nothing as long.
 */
import type { Child } from './engine';
import { CHRONO_RULE } from './chrono-seeds';

const RULE_COST: Readonly<Record<string, number>> = {
  '<datetime> - <datetime>': 0.5,
  'from <datetime> - <datetime>': 0.5,
  'between <time> and <time>': 0.5,
  intersect: 0.25,
  'intersect by "of", "from", "," ...': 0.25,
  '<integer> to|till|before <hour-of-day>': 2,
  [CHRONO_RULE]: 50,
};
const INTERSECTS = new Set(['intersect', 'intersect by "of", "from", "," ...', 'intersect by "of", "from", "," for year']);
/** Operators that scope over everything to their right: "by tomorrow noon" is by (tomorrow noon). */
const OPERATORS = new Set(['by <time>', 'by the end of <time>', 'until <time>', 'from|since|after <time>', 'in|within|after <duration>']);

export function ruleCost(rule: string, children: readonly Child[]): number {
  let c = 1 + (RULE_COST[rule] ?? 0);
  if (INTERSECTS.has(rule)) for (const ch of children) if (ch.kind === 'token' && OPERATORS.has(ch.rule)) c += 1;
  return c;
}
